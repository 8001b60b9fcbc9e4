package dev.jit.slack.handlers;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts tasks in flight, so a test can wait until every background task has finished. */
final class Tracking implements Executor {
  final ExecutorService pool;
  final AtomicInteger inFlight = new AtomicInteger();

  Tracking(ExecutorService pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    inFlight.incrementAndGet();
    try {
      pool.execute(
          () -> {
            try {
              task.run();
            } finally {
              inFlight.decrementAndGet();
            }
          });
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }
}
