package dev.jit.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Lifecycle;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryCheckpointSink;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.CheckpointSigner;
import dev.jit.spi.CheckpointSink;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.SampleRequests;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed checkpoints against the people who run the database: they can rewrite the audit table and
 * recompute every hash, or cut its tail, but they cannot sign, and the checkpoints live elsewhere.
 */
class CheckpointsTest {
  private final MutableClock clock = MutableClock.at(SampleRequests.T0);
  private final InMemoryAuditLog log = new InMemoryAuditLog();
  private final KeyPair k1 = Ed25519Keys.generate();
  private final KeyPair k2 = Ed25519Keys.generate();
  private final CheckpointSigner signer1 = Ed25519Keys.signer("k1", k1.getPrivate());
  private final CheckpointSigner signer2 = Ed25519Keys.signer("k2", k2.getPrivate());
  private final Map<String, PublicKey> keys = Map.of("k1", k1.getPublic(), "k2", k2.getPublic());
  @TempDir Path dir;

  /** Appends the legal five-record life of request {@code n}. */
  private void request(int n) {
    AccessRequest r = SampleRequests.pending(new RequestId("r-" + n), clock.instant());
    log.append(new AuditEntry(r.createdAt(), "submitted", r.requester().value(), "", r));
    for (Lifecycle.Event e :
        List.of(
            new Lifecycle.QuorumReached(
                new Approval(SampleRequests.BOB, clock.instant()), List.<Approval>of()),
            new Lifecycle.StepGranted(0),
            new Lifecycle.Granted(),
            new Lifecycle.RevocationStarted(Optional.empty()))) {
      clock.advance(Duration.ofSeconds(1));
      r = Lifecycle.evolve(r, e, clock.instant());
      log.append(new AuditEntry(clock.instant(), e.action(), "system", "", r));
    }
  }

  private List<Checkpoint> written(FileCheckpointSink sink) {
    return sink.readAll().orElseThrow();
  }

  @Test
  @DisplayName("thousands of records with checkpoints under two rotated keys verify")
  void cleanRunWithRotation() {
    FileCheckpointSink file = new FileCheckpointSink(dir.resolve("checkpoints.jsonl"));
    Checkpointer first = new Checkpointer(log, signer1, List.of(file), clock, m -> {});
    Checkpointer second = new Checkpointer(log, signer2, List.of(file), clock, m -> {});
    for (int i = 0; i < 600; i++) {
      request(i);
      if (i % 50 == 49) {
        (i < 300 ? first : second).checkpoint();
      }
    }

    List<Checkpoint> checkpoints = written(file);
    assertThat(checkpoints).hasSize(12).extracting(Checkpoint::keyId).contains("k1", "k2");
    AuditVerifier.Result result = AuditVerifier.verify(log, Optional.empty(), checkpoints, keys);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.recordsChecked()).isEqualTo(3000);
  }

  @Test
  @DisplayName("the table owner's rewrite of a record, re-hashed to the end, is caught")
  void rewriteAndRehash() {
    FileCheckpointSink file = new FileCheckpointSink(dir.resolve("c.jsonl"));
    Checkpointer checkpointer = new Checkpointer(log, signer1, List.of(file), clock, m -> {});
    for (int i = 0; i < 4; i++) {
      request(i);
    }
    checkpointer.checkpoint();
    // Change who approved request r-1, then recompute every hash after it: the chain is consistent.
    long victim = 7;
    long last = log.size();
    String[] previous = {log.read(victim - 1, 1).get(0).hash()};
    for (long s = victim; s <= last; s++) {
      log.tamperForTesting(
          s,
          r -> {
            AuditEntry e = r.entry();
            AuditEntry changed =
                r.sequence() == victim
                    ? new AuditEntry(e.at(), e.action(), e.actor(), "rewritten", e.request())
                    : e;
            AuditRecord relinked = AuditChain.link(r.sequence(), changed, previous[0]);
            previous[0] = relinked.hash();
            return relinked;
          });
    }
    assertThat(AuditVerifier.verify(log).intact()).as("without checkpoints: looks intact").isTrue();

    AuditVerifier.Result result = AuditVerifier.verify(log, Optional.empty(), written(file), keys);

    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSequence()).contains(last);
    assertThat(result.problem()).contains("the past was rewritten");
  }

  @Test
  @DisplayName("a truncated tail is caught against the latest checkpoint")
  void truncatedTail() {
    FileCheckpointSink file = new FileCheckpointSink(dir.resolve("c.jsonl"));
    for (int i = 0; i < 3; i++) {
      request(i);
    }
    new Checkpointer(log, signer1, List.of(file), clock, m -> {}).checkpoint();
    InMemoryAuditLog cut = new InMemoryAuditLog();
    for (AuditRecord r : log.read(1, 13)) {
      cut.append(r.entry());
    }

    AuditVerifier.Result result = AuditVerifier.verify(cut, Optional.empty(), written(file), keys);

    assertThat(result.intact()).isFalse();
    assertThat(result.problem())
        .contains("ends at record 13", "vouches for record 15", "truncated");
  }

  @Test
  @DisplayName("a checkpoint signed with the wrong key, or an unknown one, is rejected")
  void wrongKey() {
    request(1);
    CheckpointSigner impostor = Ed25519Keys.signer("k1", Ed25519Keys.generate().getPrivate());
    InMemoryCheckpointSink collect = new InMemoryCheckpointSink("memory");
    new Checkpointer(log, impostor, List.of(collect), clock, m -> {}).checkpoint();
    List<Checkpoint> forged = collect.checkpoints();

    AuditVerifier.Result result = AuditVerifier.verify(log, Optional.empty(), forged, keys);
    assertThat(result.problem()).contains("does not verify under key 'k1'");
    assertThat(
            AuditVerifier.verify(log, Optional.empty(), forged, Map.of("k2", k2.getPublic()))
                .problem())
        .contains("not a known key");
  }

  @Test
  @DisplayName("a sink that is down gets its checkpoints later, in order; the alarm is raised")
  void sinkDown() {
    List<String> alarms = new ArrayList<>();
    List<Checkpoint> taken = new ArrayList<>();
    boolean[] down = {true};
    CheckpointSink flaky =
        new CheckpointSink() {
          @Override
          public String name() {
            return "flaky";
          }

          @Override
          public void write(Checkpoint c) {
            if (down[0]) {
              throw new JitException("disk full");
            }
            taken.add(c);
          }
        };
    Checkpointer checkpointer = new Checkpointer(log, signer1, List.of(flaky), clock, alarms::add);
    request(1);
    checkpointer.checkpoint();
    request(2);
    checkpointer.checkpoint();
    assertThat(alarms).hasSize(2).allSatisfy(a -> assertThat(a).contains("flaky", "disk full"));
    assertThat(checkpointer.backlog()).isEqualTo(2);

    down[0] = false;
    checkpointer.checkpoint();

    assertThat(taken).extracting(Checkpoint::sequence).containsExactly(5L, 10L);
    assertThat(checkpointer.backlog()).isZero();
  }

  @Test
  @DisplayName("nothing new, no new checkpoint")
  void onlyWhenTheHeadMoved() {
    InMemoryCheckpointSink sink = new InMemoryCheckpointSink("list");
    Checkpointer checkpointer = new Checkpointer(log, signer1, List.of(sink), clock, m -> {});
    assertThat(checkpointer.checkpoint()).isEmpty();
    request(1);
    assertThat(checkpointer.checkpoint()).isPresent();
    assertThat(checkpointer.checkpoint()).isEmpty();
    List<Checkpoint> taken = sink.checkpoints();
    assertThat(taken).hasSize(1);
    assertThat(taken.get(0).at()).isEqualTo(clock.instant());
    assertThat(Instant.parse(taken.get(0).at().toString())).isEqualTo(taken.get(0).at());
  }
}
