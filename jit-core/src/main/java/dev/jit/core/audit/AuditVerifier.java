package dev.jit.core.audit;

import dev.jit.core.policy.Policy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.RequestId;
import dev.jit.spi.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks an audit log from the first record and checks every link: sequence numbers without gaps,
 * each record's {@code previousHash} equal to the hash of the record before, each hash equal to the
 * SHA-256 of the record's canonical form — and that each record is a legal step of its request
 * ({@link History}: the lifecycle's transitions, what never changes, distinct approvers up to the
 * quorum, the expiry set once; with a policy, its maximum duration), which the hash chain alone
 * cannot show of a record inserted by someone who can write the table. Names the first broken
 * record and the kind of break.
 */
public final class AuditVerifier {
  private static final int PAGE = 1000;

  /**
   * Pages read ahead while one is checked: two readers kept a 100,000-record PostgreSQL log 1.5 ×
   * faster than one on the loaded 2-core machine of jit-benchmarks/README.md; three were slower.
   */
  private static final int AHEAD = 2;

  private AuditVerifier() {}

  /** The result of a verification. */
  public record Result(long recordsChecked, Optional<Long> firstBrokenSequence, String problem) {
    public boolean intact() {
      return firstBrokenSequence.isEmpty();
    }

    @Override
    public String toString() {
      return intact()
          ? "audit chain intact: " + recordsChecked + " records verified"
          : "audit chain broken at record " + firstBrokenSequence.get() + ": " + problem;
    }
  }

  public static Result verify(AuditLog log) {
    return verify(log, Optional.empty());
  }

  /** {@link #verify(AuditLog)}, checking durations against {@code policy} too. */
  public static Result verify(AuditLog log, Optional<Policy> policy) {
    return verify(log, policy, List.of(), Map.of());
  }

  /**
   * {@link #verify(AuditLog, Optional)}, and against signed checkpoints: each must verify under the
   * public key of its key id, the record it names must exist (else the tail was truncated) and have
   * the hash it signed (else the past was rewritten and re-hashed).
   */
  public static Result verify(
      AuditLog log,
      Optional<Policy> policy,
      List<Checkpoint> checkpoints,
      Map<String, PublicKey> publicKeys) {
    for (Checkpoint c : checkpoints) {
      Optional<String> bad = Ed25519Keys.problem(c, publicKeys);
      if (bad.isPresent()) {
        return new Result(0, Optional.of(c.sequence()), bad.get());
      }
    }
    Map<Long, String> vouched = new HashMap<>();
    for (Checkpoint c : checkpoints) {
      vouched.put(c.sequence(), c.hash());
    }
    Result chain = walk(log, policy, vouched);
    if (!chain.intact()) {
      return chain;
    }
    Optional<Checkpoint> furthest =
        checkpoints.stream().max(java.util.Comparator.comparingLong(Checkpoint::sequence));
    if (furthest.isPresent() && furthest.get().sequence() > chain.recordsChecked()) {
      Checkpoint c = furthest.get();
      return new Result(
          chain.recordsChecked(),
          Optional.of(chain.recordsChecked() + 1),
          "the log ends at record "
              + chain.recordsChecked()
              + " but a checkpoint signed at "
              + c.at()
              + " vouches for record "
              + c.sequence()
              + ": the tail was truncated");
    }
    return chain;
  }

  private static Result walk(AuditLog log, Optional<Policy> policy, Map<Long, String> vouched) {
    String previousHash = AuditChain.GENESIS;
    long expected = 1;
    Map<RequestId, AccessRequest> versions = new HashMap<>();
    Sha256 sha = new Sha256();
    try (StoredPages pages = new StoredPages(log, PAGE, AHEAD)) {
      while (true) {
        List<StoredRecord> page = pages.next();
        for (StoredRecord stored : page) {
          AuditRecord r = stored.record();
          Optional<String> problem = problem(stored, expected, previousHash, versions, policy, sha);
          String signed = vouched.get(r.sequence());
          if (problem.isEmpty() && signed != null && !signed.equals(r.hash())) {
            problem =
                Optional.of(
                    "differs from the record a signed checkpoint vouches for: the past was rewritten");
          }
          if (problem.isPresent()) {
            return new Result(expected - 1, Optional.of(expected), problem.get());
          }
          previousHash = r.hash();
          versions.put(r.entry().request().id(), r.entry().request());
          expected++;
        }
        if (page.size() < PAGE) {
          return new Result(expected - 1, Optional.empty(), "");
        }
      }
    }
  }

  private static Optional<String> problem(
      StoredRecord stored,
      long expected,
      String previousHash,
      Map<RequestId, AccessRequest> versions,
      Optional<Policy> policy,
      Sha256 sha) {
    AuditRecord r = stored.record();
    if (r.sequence() != expected) {
      return Optional.of(
          "expected sequence "
              + expected
              + " but found "
              + r.sequence()
              + " (a record is missing)");
    }
    if (!r.previousHash().equals(previousHash)) {
      return Optional.of("previousHash does not match the hash of record " + (expected - 1));
    }
    if (!sha.matches(stored.canonical(), r.hash())) {
      return Optional.of("content does not match its hash (the record was altered)");
    }
    if (!stored.inconsistency().isEmpty()) {
      return Optional.of(stored.inconsistency() + " (the record was altered)");
    }
    RequestId id = r.entry().request().id();
    return History.problem(Optional.ofNullable(versions.get(id)), r.entry(), policy)
        .map(p -> "request " + id + ": " + p + " (a record no jit engine writes)");
  }

  /** One SHA-256 for a whole walk, compared with stored hex hashes without formatting its own. */
  private static final class Sha256 {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final MessageDigest digest;
    private final byte[] out = new byte[32];

    Sha256() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    /** Whether {@code hex} is the lower-case hex SHA-256 of {@code bytes}, as AuditChain writes. */
    boolean matches(byte[] bytes, String hex) {
      try {
        digest.update(bytes);
        digest.digest(out, 0, out.length);
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
      if (hex.length() != 64) {
        return false;
      }
      for (int k = 0; k < 32; k++) {
        if (hex.charAt(2 * k) != HEX[(out[k] >> 4) & 0xf]
            || hex.charAt(2 * k + 1) != HEX[out[k] & 0xf]) {
          return false;
        }
      }
      return true;
    }
  }
}
