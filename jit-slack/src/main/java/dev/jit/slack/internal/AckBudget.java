package dev.jit.slack.internal;

import com.slack.api.bolt.middleware.Middleware;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The time a listener has left before it must ack: Slack waits 3 s for an answer and then shows the
 * person an error, so everything a listener does before its ack runs within a budget that leaves
 * room for the network. {@link #middleware} opens the budget around each Bolt request on the
 * request's own thread; code that may call out before the ack ({@code SlackDirectory}) asks {@link
 * #remaining()} and, when a budget is open, neither sleeps nor retries and gives up when it is
 * spent. Work handed to an executor after the ack runs on other threads, outside any budget.
 */
public final class AckBudget {
  /** Slack's 3 s less a second for the network and for writing the answer. */
  public static final Duration DEFAULT = Duration.ofSeconds(2);

  private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

  private AckBudget() {}

  /** A middleware giving every request {@code budget} until its ack. */
  public static Middleware middleware(Duration budget) {
    long nanos = budget.toNanos();
    return (req, resp, chain) -> {
      Long outer = DEADLINE.get();
      DEADLINE.set(System.nanoTime() + nanos);
      try {
        return chain.next(req);
      } finally {
        if (outer == null) {
          DEADLINE.remove();
        } else {
          DEADLINE.set(outer);
        }
      }
    };
  }

  /**
   * Runs a Slack call that must not hold up the ack: on {@code pool}, waiting at most what is left
   * of this thread's budget, so a slow or hung Slack costs the budget and no more. Outside a budget
   * the call runs on this thread.
   *
   * @throws SlackCalls.SlackFailure what the call threw, or with error {@code deadline} when the
   *     budget ran out (the call goes on without anyone waiting), {@code busy} when the pool is
   *     full
   */
  public static <T> T within(ExecutorService pool, String method, Callable<T> call) {
    Optional<Duration> left = remaining();
    try {
      if (left.isEmpty()) {
        return call.call();
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SlackCalls.SlackFailure(method, "failed", e);
    }
    if (left.get().isZero()) {
      throw new SlackCalls.SlackFailure(method, "deadline", null);
    }
    Future<T> answer;
    try {
      answer = pool.submit(call);
    } catch (RejectedExecutionException e) {
      throw new SlackCalls.SlackFailure(method, "busy", e);
    }
    try {
      return answer.get(left.get().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new SlackCalls.SlackFailure(method, "deadline", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SlackCalls.SlackFailure failure) {
        throw failure;
      }
      throw new SlackCalls.SlackFailure(method, "failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlackCalls.SlackFailure(method, "interrupted", e);
    }
  }

  /** A small pool of daemon threads named {@code name} for {@link #within}, {@code queue} deep. */
  public static ThreadPoolExecutor pool(String name, int threads, int queue) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The time left on this thread's budget (zero when spent); empty outside a budget. */
  public static Optional<Duration> remaining() {
    Long deadline = DEADLINE.get();
    if (deadline == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }
}
