package dev.jit.spi;

/**
 * A grant backend (or another downstream system) could not do what was asked.
 *
 * <p>{@link #retryable()} is true for conditions that may pass on their own (throttling, timeouts,
 * a conflict with an operation in progress, 5xx answers) and false for those that will not (no such
 * group, access denied to the app, invalid identifier). The engine retries only retryable failures,
 * and fails closed on the rest.
 */
public class BackendException extends JitException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public BackendException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public BackendException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public static BackendException retryable(String message) {
    return new BackendException(message, true);
  }

  public static BackendException permanent(String message) {
    return new BackendException(message, false);
  }

  public boolean retryable() {
    return retryable;
  }
}
