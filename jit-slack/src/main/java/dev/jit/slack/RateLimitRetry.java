package dev.jit.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * How jit answers Slack's HTTP 429: wait the {@code Retry-After} seconds Slack asks for (capped at
 * {@code maxWait}), then try again, at most {@code maxAttempts} times in all. The synchronous
 * {@code MethodsClient} does not retry on its own.
 *
 * @param maxAttempts attempts per call, the first included; at least 1
 * @param maxWait the longest single wait; a longer {@code Retry-After} is shortened to it
 * @param sleeper how to wait; the default sleeps the calling thread (never a thread that must ack),
 *     tests pass one that records the wait and returns at once
 */
public record RateLimitRetry(int maxAttempts, Duration maxWait, Sleeper sleeper) {

  /** Waits. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public RateLimitRetry {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative");
    }
    Objects.requireNonNull(sleeper, "sleeper");
  }

  /** 4 attempts, waits of at most 60 seconds, sleeping the calling thread. */
  public static RateLimitRetry ofDefaults() {
    return new RateLimitRetry(4, Duration.ofSeconds(60), d -> Thread.sleep(d.toMillis()));
  }

  /** The same waits with another number of attempts. */
  public RateLimitRetry withMaxAttempts(int maxAttempts) {
    return new RateLimitRetry(maxAttempts, maxWait, sleeper);
  }

  /** The same limits with another way of waiting. */
  public RateLimitRetry withSleeper(Sleeper sleeper) {
    return new RateLimitRetry(maxAttempts, maxWait, sleeper);
  }
}
