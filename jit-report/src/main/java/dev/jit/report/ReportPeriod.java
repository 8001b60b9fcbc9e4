package dev.jit.report;

import java.time.Instant;
import java.util.Objects;

/**
 * The half-open time range {@code [from, to)} a report covers. What happened at or after {@code to}
 * is left out, so a report of a past period reads the same whenever it is made.
 */
public record ReportPeriod(Instant from, Instant to) {
  public ReportPeriod {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "the period must start before it ends (from " + from + ", to " + to + ")");
    }
  }

  /** Whether {@code at} lies in the period. */
  public boolean contains(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }
}
