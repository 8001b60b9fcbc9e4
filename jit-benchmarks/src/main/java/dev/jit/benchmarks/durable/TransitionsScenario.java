package dev.jit.benchmarks.durable;

import dev.jit.core.JitEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durable state transitions per second (audit records committed: each is one state change of one
 * request, with its store row and timers) at 1, 4 and 16 threads running whole lifecycles (submit,
 * approve → grant, revoke) on PostgreSQL, beside {@link Pgbench}'s single-row-INSERT TPS at the
 * same concurrency, measured just before in the same database.
 */
final class TransitionsScenario {
  private TransitionsScenario() {}

  static void run(Report report, int[] concurrency, int seconds) throws Exception {
    int max = 0;
    for (int c : concurrency) {
      max = Math.max(max, c);
    }
    try (ScratchDb db = new ScratchDb("transitions", max + 6)) {
      DurableWorld world = DurableWorld.noop(db, db.pool, 200_000);
      JitEngine engine = world.engine();
      engine.start();
      AtomicInteger users = new AtomicInteger();
      try {
        lifecycles(engine, 2, Duration.ofSeconds(3), users); // warm-up: JIT, pool, plans
        for (int c : concurrency) {
          double pg = Pgbench.insertTps(db, c, seconds);
          long before = head(db);
          long start = System.nanoTime();
          lifecycles(engine, c, Duration.ofSeconds(seconds), users);
          double elapsed = (System.nanoTime() - start) / 1e9;
          double tps = (head(db) - before) / elapsed;
          double ratio = tps / pg;
          report.row(
              "durable transitions/s, "
                  + c
                  + " thread(s) vs pgbench INSERT TPS, "
                  + c
                  + " client(s)",
              String.format("%,.0f", tps),
              String.format("%,.0f", pg),
              ratio,
              "≥ 0.5",
              ratio >= 0.5);
        }
      } finally {
        engine.stop();
      }
    }
  }

  private static long head(ScratchDb db) {
    return db.count("SELECT sequence FROM jit_audit_head WHERE id = 1");
  }

  private static void lifecycles(
      JitEngine engine, int threads, Duration length, AtomicInteger users) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long end = System.nanoTime() + length.toNanos();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  DurableWorld.lifecycle(engine, DurableWorld.user(users.getAndIncrement()));
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }
}
