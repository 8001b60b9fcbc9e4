package dev.jit.slack.internal;

import com.slack.api.bolt.middleware.Middleware;
import java.time.Duration;
import java.util.Optional;

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

  /** The time left on this thread's budget (zero when spent); empty outside a budget. */
  public static Optional<Duration> remaining() {
    Long deadline = DEADLINE.get();
    if (deadline == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }
}
