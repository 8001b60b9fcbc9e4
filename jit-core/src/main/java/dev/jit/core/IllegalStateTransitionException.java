package dev.jit.core;

import dev.jit.spi.JitException;
import dev.jit.spi.RequestStatus;

/**
 * A transition that is not in {@link Lifecycle}'s table was attempted: a bug, never a user error.
 */
public final class IllegalStateTransitionException extends JitException {
  private static final long serialVersionUID = 1L;

  public IllegalStateTransitionException(RequestStatus from, RequestStatus to, String event) {
    super("illegal transition " + from + " → " + to + " by " + event);
  }
}
