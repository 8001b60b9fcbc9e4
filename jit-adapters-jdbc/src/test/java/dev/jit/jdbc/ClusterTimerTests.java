package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.spi.RequestId;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two schedulers, as two engine processes would run them, on one database. */
abstract class ClusterTimerTests {
  abstract Dialect dialect();

  @Test
  @DisplayName("two schedulers sharing one database deliver each due timer exactly once")
  void eachTimerOnce() {
    int timers = 300;
    Map<TimerKey, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byScheduler = new ConcurrentHashMap<>();
    try (TestDatabase db = TestDatabase.create(dialect())) {
      Clock clock = Clock.systemUTC();
      JdbcScheduler a =
          new JdbcScheduler(
              db.dataSource(), clock, Duration.ofMillis(50), Duration.ofSeconds(1), 4);
      JdbcScheduler b =
          new JdbcScheduler(
              db.dataSource(), clock, Duration.ofMillis(50), Duration.ofSeconds(1), 4);
      Instant due = clock.instant().plusMillis(500);
      for (int i = 0; i < timers; i++) {
        (i % 2 == 0 ? a : b).schedule(new TimerKey(TimerKind.EXPIRY, new RequestId("r-" + i)), due);
      }
      a.start(key -> record(deliveries, byScheduler, key, "a"));
      b.start(key -> record(deliveries, byScheduler, key, "b"));
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() == timers);
        await()
            .during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> deliveries.values().stream().allMatch(n -> n.get() == 1));
      } finally {
        a.stop();
        b.stop();
      }
    }
    assertThat(deliveries).hasSize(timers);
    assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(byScheduler.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(timers);
  }

  private static void record(
      Map<TimerKey, AtomicInteger> deliveries,
      Map<String, AtomicInteger> byScheduler,
      TimerKey key,
      String who) {
    deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    byScheduler.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
  }
}
