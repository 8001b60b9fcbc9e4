package dev.jit.report;

import dev.jit.spi.RequestStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One audit record of a request as the report shows it: where it is in the log, when, what, who,
 * and the status it left.
 */
public record TrailEvent(
    long sequence, Instant at, String action, String actor, String detail, RequestStatus status) {
  public TrailEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(status, "status");
  }
}
