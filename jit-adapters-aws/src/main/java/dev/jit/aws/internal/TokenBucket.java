package dev.jit.aws.internal;

import dev.jit.spi.BackendException;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket shared by every call of one backend instance: {@code rate} permits per second,
 * bursts up to {@code rate}. A call that would wait longer than {@code maxWait} for its permit
 * fails retryably at once instead, so a storm of work backs off through the engine's scheduler
 * instead of piling threads up here.
 */
public final class TokenBucket {
  private final double rate;
  private final long maxWaitNanos;
  private final Clock clock;
  private double tokens;
  private long last;

  public TokenBucket(int rate, Duration maxWait, Clock clock) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.rate = rate;
    this.maxWaitNanos = maxWait.toNanos();
    this.clock = clock;
    this.tokens = rate;
    this.last = clock.millis();
  }

  /** Takes one permit, waiting at most {@code maxWait} for it. */
  public void acquire(String what) {
    long waitNanos;
    synchronized (this) {
      long now = clock.millis();
      if (now > last) {
        tokens = Math.min(rate, tokens + (now - last) * rate / 1000.0);
        last = now;
      }
      waitNanos = tokens >= 1 ? 0 : (long) ((1 - tokens) / rate * 1e9);
      if (waitNanos > maxWaitNanos) {
        throw BackendException.retryable(
            what + " not sent: client-side rate limit of " + (int) rate + " calls/s reached");
      }
      tokens -= 1;
    }
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException(what + " interrupted waiting for the rate limit", true, e);
      }
    }
  }
}
