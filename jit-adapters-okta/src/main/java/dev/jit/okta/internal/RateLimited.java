package dev.jit.okta.internal;

import dev.jit.spi.BackendException;
import java.time.Instant;

/**
 * Okta's rate limit (a 429, or jit's own reserve below the limit) forbids calls before {@link
 * #notBefore()}; retryable, and no call was sent.
 */
public final class RateLimited extends BackendException {
  private static final long serialVersionUID = 1L;
  private final Instant notBefore;

  public RateLimited(String message, Instant notBefore) {
    super(message, true);
    this.notBefore = notBefore;
  }

  /** The earliest time a call of this family may be sent again. */
  public Instant notBefore() {
    return notBefore;
  }
}
