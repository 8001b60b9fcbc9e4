package dev.jit.slack.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on an executor, one at a time and in submission order per key (a request id), any
 * number of keys in parallel: the updates of one request's message must not overtake each other.
 */
public final class SerialExecutor<K> {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor executor;
  private final Map<K, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  public SerialExecutor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Queues {@code task} after every task queued before for {@code key}. */
  public CompletableFuture<Void> submit(K key, Runnable task) {
    CompletableFuture<Void> next =
        tails.compute(
            key,
            (k, tail) ->
                (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                    .thenRunAsync(() -> run(task), executor));
    next.whenComplete((ok, e) -> tails.remove(key, next));
    return next;
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("background Slack task failed", e);
    }
  }
}
