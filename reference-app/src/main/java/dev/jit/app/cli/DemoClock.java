package dev.jit.app.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's clock: the system clock plus an offset that the demo moves forward, so an hour's
 * access expires at once. It keeps running between jumps, which db-scheduler needs to poll.
 */
final class DemoClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves time forward by {@code amount}; returns the new time. */
  Instant jump(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("the demo clock only moves forward");
    }
    offset.updateAndGet(o -> o.plus(amount));
    return instant();
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("the demo clock is UTC");
  }
}
