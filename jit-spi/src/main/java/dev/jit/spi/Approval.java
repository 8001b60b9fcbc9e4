package dev.jit.spi;

import java.time.Instant;
import java.util.Objects;

/** One approver's yes, and when it was given. */
public record Approval(UserId approver, Instant at) {
  public Approval {
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(at, "at");
  }
}
