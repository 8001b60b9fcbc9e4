package dev.jit.app;

import dev.jit.spi.JitException;

/** The Slack front ends this build has. */
public final class SlackFrontEnds {
  /**
   * What {@link #unavailable()} says, so nobody mistakes this build for one that talks to Slack.
   */
  public static final String NOT_AVAILABLE =
      "Slack front end not available in this build: jit-slack's Bolt handlers"
          + " (JitSlack.install, SlackNotifier, SlackDirectory) are not merged yet";

  private SlackFrontEnds() {}

  /**
   * The front end of this build: none. Fails at once, before the database is touched. Replace it in
   * {@link Main#defaultSlackFrontEnd()} when jit-slack's handlers land.
   */
  public static SlackFrontEnd.Factory unavailable() {
    return (slack, policy, clock) -> {
      throw new UnavailableException(NOT_AVAILABLE);
    };
  }

  /** This build cannot talk to Slack. */
  public static final class UnavailableException extends JitException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
      super(message);
    }
  }
}
