package dev.jit.benchmarks.durable;

import dev.jit.benchmarks.HoldingBackend;
import dev.jit.core.JitEngine;
import dev.jit.jdbc.JdbcScheduler;
import java.time.Clock;
import java.time.Duration;

/**
 * Restart to ready on PostgreSQL: what {@code serve} does before it opens its HTTP port (start the
 * timers, {@code engine.recover()}) with {@code n} ACTIVE grants in the database ({@link
 * GrantSeeder}, expiring an hour or more from now), beside the same on an empty database.
 */
final class RestartScenario {
  private RestartScenario() {}

  static void run(Report report, int n) throws Exception {
    double empty = ready(0);
    double full = ready(n);
    report.row(
        String.format(
            "restart to ready (timers started, recovered) with %,d active grants vs empty database",
            n),
        String.format("%.2f s", full),
        String.format("%.2f s", empty),
        full / empty,
        "≤ 2 s",
        full <= 2.0);
  }

  private static double ready(int n) throws Exception {
    try (ScratchDb db = new ScratchDb("restart", 10)) {
      java.time.Instant soon = java.time.Instant.now().plus(Duration.ofHours(1));
      GrantSeeder.seed(db, "noop", n, i -> soon.plusMillis(i));
      Clock clock = Clock.systemUTC();
      JdbcScheduler scheduler = new JdbcScheduler(db.pool, clock);
      JitEngine engine =
          new DurableWorld(db, new HoldingBackend("noop"), n, 0, scheduler).engine(clock);
      long start = System.nanoTime();
      engine.start();
      engine.recover();
      double seconds = (System.nanoTime() - start) / 1e9;
      engine.stop();
      return seconds;
    }
  }
}
