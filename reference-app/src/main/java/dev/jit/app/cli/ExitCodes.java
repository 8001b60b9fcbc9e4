package dev.jit.app.cli;

/** The exit codes of every command. */
public final class ExitCodes {
  /** Done; for verify and validate: intact, valid. */
  public static final int OK = 0;

  /** Verification or validation found a problem (a broken audit chain, an invalid policy). */
  public static final int FAILED = 1;

  /**
   * The command could not do its job: wrong usage, a configuration or environment error (a missing
   * variable, an unreadable file, an unreachable database), or a part this build lacks.
   */
  public static final int USAGE = 2;

  /**
   * jit's database schema is not the version this jit needs: not migrated, behind or ahead. {@code
   * serve} refuses to start on it; {@code jit db migrate}, run as the schema's owner, brings it up
   * to date.
   */
  public static final int SCHEMA = 3;

  private ExitCodes() {}
}
