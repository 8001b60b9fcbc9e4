package dev.jit.http.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The exchanges a server recorded, in arrival order, with waiting for one that matches. */
final class Recording {

  private final List<RecordedExchange> exchanges = new ArrayList<>();
  private long clears;

  synchronized void add(RecordedExchange exchange) {
    exchanges.add(exchange);
    notifyAll();
  }

  synchronized List<RecordedExchange> all() {
    return List.copyOf(exchanges);
  }

  synchronized void clear() {
    exchanges.clear();
    clears++;
  }

  /**
   * The first recorded exchange that matches, waiting up to {@code timeout} for one to arrive; each
   * exchange is tested once (since the last clear), so the predicate should not change its mind.
   */
  synchronized Optional<RecordedExchange> await(
      Predicate<RecordedExchange> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    long clearsSeen = clears;
    while (true) {
      if (clears != clearsSeen) {
        checked = 0;
        clearsSeen = clears;
      }
      for (; checked < exchanges.size(); checked++) {
        if (matching.test(exchanges.get(checked))) {
          return Optional.of(exchanges.get(checked));
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for a request", e);
      }
    }
  }
}
