package dev.jit.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A view of a test's clock that keeps running between the test's moves: db-scheduler times its own
 * polling with the clock it is given, so a clock that stands still would stop it polling. Real time
 * elapsed since the test last moved its clock is added, which is far less than any due time the
 * tests compare with.
 */
final class RunningClock extends Clock {
  private final Clock base;
  private Instant lastBase;
  private long lastChangeNanos;

  RunningClock(Clock base) {
    this.base = base;
    this.lastBase = base.instant();
    this.lastChangeNanos = System.nanoTime();
  }

  @Override
  public synchronized Instant instant() {
    Instant now = base.instant();
    if (!now.equals(lastBase)) {
      lastBase = now;
      lastChangeNanos = System.nanoTime();
    }
    return now.plus(Duration.ofNanos(System.nanoTime() - lastChangeNanos));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
