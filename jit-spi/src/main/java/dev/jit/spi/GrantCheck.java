package dev.jit.spi;

/** What a backend can tell about one grant. */
public enum GrantCheck {
  /** The access is in place. */
  HELD,
  /** The access is not in place. */
  ABSENT,
  /**
   * The platform is still applying or removing it: an asynchronous operation (an IAM Identity
   * Center account assignment, say) has been accepted and has not reached a final state. The engine
   * checks again later, on a durable timer with backoff, and decides only on HELD or ABSENT; a
   * check that learns the operation failed throws a non-retryable {@link BackendException} with the
   * platform's reason instead.
   */
  PENDING,
  /** The backend cannot tell (no read API, or not implemented). */
  UNKNOWN
}
