package dev.jit.benchmarks.durable;

import dev.jit.benchmarks.HoldingBackend;
import dev.jit.core.JitEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Restart on PostgreSQL with {@code n} ACTIVE grants in the database ({@link GrantSeeder}, expiring
 * an hour or more from now) and {@value #OVERDUE} more that expired a second before the restart,
 * beside an empty database. What {@code serve}'s {@code AppRuntime.start} does: start the timers
 * and take back this instance's leases ({@code engine.takeBack()}) before the port opens (ready),
 * then {@code engine.rearm()} in the background; this scenario times the part before the port, how
 * long the overdue grants wait for their revocation, and recovery. {@link ServeRestartScenario}
 * does the same with the built jar.
 */
final class RestartScenario {
  static final int OVERDUE = 100;

  private RestartScenario() {}

  record Times(double ready, double overdueRevoked, double recovered) {}

  static void run(Report report, int n) throws Exception {
    Times empty = restart(0);
    Times full = restart(n);
    report.row(
        String.format("restart to ready with %,d active grants vs empty database", n),
        String.format("%.2f s", full.ready()),
        String.format("%.2f s", empty.ready()),
        full.ready() / empty.ready(),
        "≤ 2 s",
        full.ready() <= 2.0);
    report.row(
        String.format(
            "… %d grants overdue at restart: all revoked after (vs empty database)", OVERDUE),
        String.format("%.2f s", full.overdueRevoked()),
        String.format("%.2f s", empty.overdueRevoked()),
        full.overdueRevoked() / empty.overdueRevoked(),
        "",
        null);
    report.row(
        "… background recovery (re-arming every timer) done after",
        String.format("%.1f s", full.recovered()),
        String.format("%.2f s", empty.recovered()),
        full.recovered() / empty.recovered(),
        "",
        null);
  }

  private static Times restart(int n) throws Exception {
    try (ScratchDb db = new ScratchDb("restart", 10)) {
      Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      Instant soon = now.plus(Duration.ofHours(1));
      GrantSeeder.seed(
          db, "noop", n + OVERDUE, i -> i < OVERDUE ? now.minusSeconds(1) : soon.plusMillis(i));
      Clock clock = Clock.systemUTC();
      JitEngine engine =
          new DurableWorld(db, new HoldingBackend("noop"), n + OVERDUE, 0, clock).engine(clock);
      long start = System.nanoTime();
      engine.start();
      engine.takeBack();
      double ready = (System.nanoTime() - start) / 1e9;
      CompletableFuture<Double> recovery =
          CompletableFuture.supplyAsync(
              () -> {
                engine.rearm();
                return (System.nanoTime() - start) / 1e9;
              });
      while (db.count("SELECT count(*) FROM jit_audit WHERE action = 'revoked'") < OVERDUE) {
        Thread.sleep(20);
      }
      double overdue = (System.nanoTime() - start) / 1e9;
      double recovered = recovery.get();
      engine.stop();
      return new Times(ready, overdue, recovered);
    }
  }
}
