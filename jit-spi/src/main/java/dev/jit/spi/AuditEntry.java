package dev.jit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What happened to a request: one state change, who caused it and the request as it stands
 * afterwards.
 *
 * @param action what happened, in snake case (for example {@code approval_recorded}, {@code
 *     step_granted})
 * @param actor the user who caused it, or {@code system} for timers and sweeps
 * @param detail free text for people (denial reason, backend failure); empty when there is nothing
 *     to add
 * @param request the request after the change; its id and version identify the entry
 */
public record AuditEntry(
    Instant at, String action, String actor, String detail, AccessRequest request) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    if (actor.isBlank() || actor.length() > 128) {
      throw new IllegalArgumentException("actor must be 1 to 128 characters");
    }
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(request, "request");
  }
}
