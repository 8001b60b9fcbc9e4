package dev.jit.app;

import dev.jit.spi.JitException;

/** Front ends other than the Bolt one: for running the app's pieces without Slack. */
public final class SlackFrontEnds {
  /**
   * What {@link #unavailable()} says, so nobody mistakes this build for one that talks to Slack.
   */
  public static final String NOT_AVAILABLE = "Slack front end not available";

  private SlackFrontEnds() {}

  /** No front end: fails at once, before the database is touched. */
  public static SlackFrontEnd.Factory unavailable() {
    return (slack, policy, clock) -> {
      throw new UnavailableException(NOT_AVAILABLE);
    };
  }

  /** The front end cannot be had. */
  public static final class UnavailableException extends JitException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
      super(message);
    }
  }
}
