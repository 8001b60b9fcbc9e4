package dev.jit.core;

import dev.jit.spi.GrantStep;
import java.util.List;

/**
 * What a reconciliation sweep found.
 *
 * @param revoked access that backends held without an active request, now revoked
 * @param failures drift that could not be revoked (each with the reason); it is tried again next
 *     sweep
 * @param unlisted backend types that cannot list what they hold, so were not checked
 */
public record ReconciliationReport(
    List<GrantStep> revoked, List<String> failures, List<String> unlisted) {
  public ReconciliationReport {
    revoked = List.copyOf(revoked);
    failures = List.copyOf(failures);
    unlisted = List.copyOf(unlisted);
  }

  /** True when nothing drifted or everything that drifted was revoked. */
  public boolean clean() {
    return failures.isEmpty();
  }
}
