package dev.jit.report;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.policy.Policy;
import dev.jit.spi.AuditLog;
import dev.jit.spi.Checkpoint;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditVerifier} found when the report was made, over the whole log, with the signed
 * checkpoints it was given.
 *
 * @param result the verifier's result
 * @param checkpointsGiven how many signed checkpoints were checked
 * @param latestCheckpoint the checkpoint with the highest sequence, when any was given and the
 *     chain is intact (a checkpoint of a broken chain vouches for nothing the report can show)
 */
public record Verification(
    AuditVerifier.Result result, int checkpointsGiven, Optional<Checkpoint> latestCheckpoint) {
  public Verification {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(latestCheckpoint, "latestCheckpoint");
  }

  /** Verifies {@code log} as {@code jit audit verify} does. */
  public static Verification of(
      AuditLog log,
      Optional<Policy> policy,
      List<Checkpoint> checkpoints,
      Map<String, PublicKey> publicKeys) {
    AuditVerifier.Result result = AuditVerifier.verify(log, policy, checkpoints, publicKeys);
    Optional<Checkpoint> latest =
        result.intact()
            ? checkpoints.stream().max(Comparator.comparingLong(Checkpoint::sequence))
            : Optional.empty();
    return new Verification(result, checkpoints.size(), latest);
  }

  public boolean intact() {
    return result.intact();
  }

  /** The verifier's sentence, and what the checkpoints add to it. */
  public String statement() {
    if (!result.intact()) {
      return result.toString();
    }
    return result
        + (checkpointsGiven == 0
            ? " (no checkpoints given: a truncated tail or a re-hashed past cannot be told)"
            : "; " + checkpointsGiven + " signed checkpoint(s) hold");
  }
}
