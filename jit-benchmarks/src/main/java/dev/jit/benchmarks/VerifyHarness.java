package dev.jit.benchmarks;

import dev.jit.core.Lifecycle;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.audit.Checkpointer;
import dev.jit.core.audit.Ed25519Keys;
import dev.jit.core.audit.History;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryCheckpointSink;
import dev.jit.jdbc.internal.Snapshots;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.RequestId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.SampleRequests;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How fast {@link AuditVerifier#verify} checks an audit log with signed checkpoints, against raw
 * SHA-256 over the same canonical bytes on the same machine, and where the difference goes: the
 * canonical encoding, the hash, {@link History}'s legality check, the checkpoint signatures, and
 * (what a JDBC log adds) decoding each row's canonical text. {@code N} records in memory, the legal
 * five-record life of N / 5 requests, a checkpoint every {@code every} records. Prints its figures;
 * not a test.
 *
 * <pre>
 * java -cp jit-benchmarks/target/benchmarks.jar dev.jit.benchmarks.VerifyHarness 100000 1000
 * </pre>
 */
public final class VerifyHarness {
  private static final int ROUNDS = 5;

  private VerifyHarness() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    MutableClock clock = MutableClock.at(SampleRequests.T0);
    InMemoryAuditLog log = new InMemoryAuditLog();
    KeyPair key = Ed25519Keys.generate();
    InMemoryCheckpointSink sink = new InMemoryCheckpointSink("memory");
    Checkpointer checkpointer =
        new Checkpointer(
            log, Ed25519Keys.signer("bench", key.getPrivate()), List.of(sink), clock, m -> {});
    for (int i = 0; log.latest().map(AuditRecord::sequence).orElse(0L) < n; i++) {
      request(log, clock, i, every, checkpointer);
    }
    checkpointer.checkpoint();
    List<Checkpoint> checkpoints = sink.checkpoints();
    Map<String, PublicKey> keys = Map.of("bench", key.getPublic());
    List<AuditRecord> records = log.read(1, Integer.MAX_VALUE);
    List<byte[]> bytes = new ArrayList<>(records.size());
    List<String> texts = new ArrayList<>(records.size());
    long totalBytes = 0;
    for (AuditRecord r : records) {
      String text = AuditChain.canonical(r);
      texts.add(text);
      bytes.add(text.getBytes(StandardCharsets.UTF_8));
      totalBytes += bytes.get(bytes.size() - 1).length;
    }
    System.out.printf(
        "%,d records (%,d canonical bytes, %,d B each on average), %,d checkpoints%n",
        records.size(), totalBytes, totalBytes / records.size(), checkpoints.size());

    AuditVerifier.Result result = AuditVerifier.verify(log, Optional.empty(), checkpoints, keys);
    if (!result.intact()) {
      throw new IllegalStateException(result.toString());
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long verify =
        best(() -> AuditVerifier.verify(log, Optional.empty(), checkpoints, keys).recordsChecked());
    long raw =
        best(
            () -> {
              long sink2 = 0;
              for (byte[] b : bytes) {
                sink2 += sha.digest(b)[0];
              }
              return sink2;
            });
    long encode =
        best(
            () -> {
              long sink2 = 0;
              for (AuditRecord r : records) {
                sink2 += AuditChain.canonical(r).length();
              }
              return sink2;
            });
    long utf8 =
        best(
            () -> {
              long sink2 = 0;
              for (String t : texts) {
                sink2 += t.getBytes(StandardCharsets.UTF_8).length;
              }
              return sink2;
            });
    long hashOfRecord =
        best(
            () -> {
              long sink2 = 0;
              for (AuditRecord r : records) {
                sink2 += AuditChain.hash(r).charAt(0);
              }
              return sink2;
            });
    long history =
        best(
            () -> {
              Map<RequestId, AccessRequest> versions = new HashMap<>();
              long sink2 = 0;
              for (AuditRecord r : records) {
                AccessRequest req = r.entry().request();
                sink2 +=
                    History.problem(
                                Optional.ofNullable(versions.get(req.id())),
                                r.entry(),
                                Optional.empty())
                            .isPresent()
                        ? 1
                        : 0;
                versions.put(req.id(), req);
              }
              return sink2;
            });
    long signatures =
        best(
            () -> {
              long sink2 = 0;
              for (Checkpoint c : checkpoints) {
                sink2 += Ed25519Keys.problem(c, keys).isPresent() ? 1 : 0;
              }
              return sink2;
            });
    long read = best(() -> log.read(1, Integer.MAX_VALUE).size());
    long decode =
        best(
            () -> {
              long sink2 = 0;
              for (int i = 0; i < texts.size(); i++) {
                sink2 += Snapshots.decodeRecord(texts.get(i), records.get(i).hash()).sequence();
              }
              return sink2;
            });

    System.out.printf("%nbest of %d rounds, after one warm-up round each%n", ROUNDS);
    row("AuditVerifier.verify with checkpoints", verify, records.size());
    row("raw SHA-256 over the same canonical bytes", raw, records.size());
    System.out.printf("ratio verify / raw SHA-256: %.1f%n%n", (double) verify / raw);
    System.out.println("where verify's time goes (each part timed alone):");
    row("  canonical encoding (AuditChain.canonical)", encode, records.size());
    row("  UTF-8 of the canonical text", utf8, records.size());
    row("  encode + UTF-8 + SHA-256 + hex (AuditChain.hash)", hashOfRecord, records.size());
    row("  History.problem (lifecycle legality)", history, records.size());
    row("  Ed25519 checks of " + checkpoints.size() + " checkpoints", signatures, records.size());
    row("  reading the in-memory log", read, records.size());
    System.out.println("what a JDBC log adds on reading (not part of the in-memory verify):");
    row("  decoding the canonical text (Snapshots.decodeRecord, Jackson)", decode, records.size());
  }

  private static void row(String what, long nanos, int records) {
    System.out.printf(
        "%-66s %9.1f ms  %,12.0f records/s%n", what, nanos / 1e6, records / (nanos / 1e9));
  }

  /** The shortest of {@link #ROUNDS} timed runs, after one untimed run. */
  private static long best(LongSupplier work) {
    long keep = work.getAsLong();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      keep += work.getAsLong();
      best = Math.min(best, System.nanoTime() - start);
    }
    if (keep == 42) {
      System.out.print("");
    }
    return best;
  }

  /** Appends the legal five-record life of request {@code n}, checkpointing every few records. */
  private static void request(
      InMemoryAuditLog log, MutableClock clock, int n, int every, Checkpointer checkpointer) {
    AccessRequest r = SampleRequests.pending(new RequestId("r-" + n), clock.instant());
    append(
        log,
        new AuditEntry(r.createdAt(), "submitted", r.requester().value(), "", r),
        every,
        checkpointer);
    for (Lifecycle.Event e :
        List.of(
            new Lifecycle.QuorumReached(
                new Approval(SampleRequests.BOB, clock.instant()), List.<Approval>of()),
            new Lifecycle.StepGranted(0),
            new Lifecycle.Granted(),
            new Lifecycle.RevocationStarted(Optional.empty()))) {
      clock.advance(Duration.ofSeconds(1));
      r = Lifecycle.evolve(r, e, clock.instant());
      append(
          log, new AuditEntry(clock.instant(), e.action(), "system", "", r), every, checkpointer);
    }
  }

  private static void append(
      InMemoryAuditLog log, AuditEntry entry, int every, Checkpointer checkpointer) {
    if (log.append(entry).sequence() % every == 0) {
      checkpointer.checkpoint();
    }
  }
}
