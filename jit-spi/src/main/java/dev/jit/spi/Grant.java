package dev.jit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of one request, as handed to a backend.
 *
 * @param expiresAt when the access must end; backends that can enforce an end themselves (an IAM
 *     condition, a label read by a sweeper) should, as a second line of defence
 */
public record Grant(RequestId requestId, GrantStep step, Instant expiresAt) {
  public Grant {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
