package dev.jit.testkit;

import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jit.spi.Scheduler;
import dev.jit.spi.Scheduler.TimerHandler;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Scheduler}. Subclass it and implement {@link #createScheduler} to run it
 * against an implementation.
 *
 * <p>Time is a {@link MutableClock} that the tests move; the scheduler must decide what is due by
 * that clock. Deliveries are awaited (a few seconds at most), never slept for. To show that
 * something is <em>not</em> delivered, a test first waits for a sentinel timer that became due at
 * the same moment, then watches for a short while.
 */
public abstract class SchedulerContract {

  /** A new scheduler with no timers, deciding what is due by {@code clock}. */
  protected abstract Scheduler createScheduler(MutableClock clock);

  /** How long deliveries are awaited. */
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(5);
  }

  /** How long a test watches to see that nothing more is delivered. */
  protected Duration quietPeriod() {
    return Duration.ofMillis(200);
  }

  /**
   * How far the scheduler's own notion of now may run ahead of the test's clock. Zero for
   * schedulers that read the given clock only; a polling scheduler that needs a running clock
   * (db-scheduler times its polls with it) is given a view of the test clock that keeps moving in
   * real time, and declares here how much that may add during one test.
   */
  protected Duration clockSlack() {
    return Duration.ZERO;
  }

  protected MutableClock clock;
  protected Scheduler scheduler;
  private boolean started;

  /** Every delivery in order: the key and the clock's time when it arrived. */
  protected final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  /** One call of the handler. */
  public record Delivery(TimerKey key, Instant at) {}

  private static final TimerKey SENTINEL = new TimerKey(TimerKind.NUDGE, id(999_999));

  @BeforeEach
  void createSchedulerUnderTest() {
    clock = MutableClock.at(T0);
    scheduler = createScheduler(clock);
  }

  @AfterEach
  void stopScheduler() {
    if (started) {
      scheduler.stop();
    }
  }

  private static TimerKey key(int n) {
    return new TimerKey(TimerKind.EXPIRY, id(n));
  }

  private void start() {
    start(key -> {});
  }

  /** Starts the scheduler with a handler that records, then runs {@code then}. */
  private void start(TimerHandler then) {
    started = true;
    scheduler.start(
        key -> {
          deliveries.add(new Delivery(key, clock.instant()));
          then.onTimer(key);
        });
  }

  private ConditionFactory waiting() {
    return await().atMost(deliveryTimeout()).pollInterval(Duration.ofMillis(5));
  }

  private long count(TimerKey key) {
    return deliveries.stream().filter(d -> d.key().equals(key)).count();
  }

  /** Waits until a sentinel due now is delivered: a delivery pass saw the current time. */
  private void awaitPassAtCurrentTime() {
    long before = count(SENTINEL);
    scheduler.schedule(SENTINEL, clock.instant());
    waiting().until(() -> count(SENTINEL) > before);
  }

  /** Asserts that {@code key} stays delivered exactly {@code times} for the quiet period. */
  private void assertStaysDelivered(TimerKey key, long times) {
    await()
        .during(quietPeriod())
        .atMost(quietPeriod().plus(deliveryTimeout()))
        .until(() -> count(key) == times);
  }

  @Test
  @DisplayName(
      "arm makes each timer fire by its time: missing ones created, later ones moved earlier")
  void arm() {
    Instant asked = T0.plus(Duration.ofMinutes(20));
    scheduler.schedule(key(1), T0.plus(Duration.ofMinutes(10)));
    scheduler.schedule(key(2), T0.plus(Duration.ofMinutes(30)));
    scheduler.arm(Map.of(key(1), asked, key(2), asked, key(3), asked));
    start();

    clock.advance(Duration.ofMinutes(20));
    waiting().until(() -> count(key(1)) == 1 && count(key(2)) == 1 && count(key(3)) == 1);
    assertStaysDelivered(key(2), 1);
  }

  @Nested
  @DisplayName("delivering")
  class Delivering {

    @Test
    @DisplayName("a timer is not delivered before it is due")
    void notBeforeDue() {
      start();
      scheduler.schedule(key(1), T0.plus(Duration.ofMinutes(10)));

      clock.advance(Duration.ofMinutes(10).minusMillis(1).minus(clockSlack()));
      awaitPassAtCurrentTime();

      assertStaysDelivered(key(1), 0);
    }

    @Test
    @DisplayName("a timer is delivered once it is due, and only once")
    void onceDue() {
      start();
      Instant due = T0.plus(Duration.ofMinutes(10));
      scheduler.schedule(key(1), due);

      clock.advance(Duration.ofMinutes(10));

      waiting().until(() -> count(key(1)) == 1);
      assertThat(deliveries)
          .filteredOn(d -> d.key().equals(key(1)))
          .allMatch(d -> !d.at().isBefore(due));
      assertStaysDelivered(key(1), 1);
    }

    @Test
    @DisplayName("a timer scheduled in the past is delivered right away")
    void pastDue() {
      start();

      scheduler.schedule(key(1), T0.minus(Duration.ofDays(1)));

      waiting().until(() -> count(key(1)) == 1);
    }

    @Test
    @DisplayName("a timer scheduled before start is delivered after start")
    void scheduledBeforeStart() {
      scheduler.schedule(key(1), T0);

      start();

      waiting().until(() -> count(key(1)) == 1);
    }

    @Test
    @DisplayName("a thousand timers are all delivered, each once")
    void many() {
      int n = 1000;
      Set<TimerKey> keys = new HashSet<>();
      for (int i = 1; i <= n; i++) {
        keys.add(key(i));
        scheduler.schedule(key(i), T0.plusSeconds(i));
      }
      start();

      clock.advance(Duration.ofSeconds(n));

      // A thousand deliveries through a database's polling take longer than one: the bound scales
      // with the count (it is a liveness bound, not a speed target; speed lives in jit-benchmarks).
      await()
          .atMost(deliveryTimeout().multipliedBy(4))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> deliveries.size() >= n);
      assertThat(deliveries).extracting(Delivery::key).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    @DisplayName("timers of the same request but different kinds are separate")
    void kindsAreSeparate() {
      TimerKey expiry = new TimerKey(TimerKind.EXPIRY, id(1));
      TimerKey warning = new TimerKey(TimerKind.EXPIRY_WARNING, id(1));
      scheduler.schedule(expiry, T0.plusSeconds(10));
      scheduler.schedule(warning, T0.plusSeconds(5));
      start();

      clock.advance(Duration.ofSeconds(10));

      waiting().until(() -> count(expiry) == 1 && count(warning) == 1);
    }
  }

  @Nested
  @DisplayName("rescheduling and cancelling")
  class Rescheduling {

    @Test
    @DisplayName(
        "scheduling an existing key moves its due time later: one delivery, at the new time")
    void moveLater() {
      start();
      scheduler.schedule(key(1), T0.plusSeconds(10));
      scheduler.schedule(key(1), T0.plusSeconds(20));

      clock.advance(Duration.ofSeconds(10));
      awaitPassAtCurrentTime();
      assertStaysDelivered(key(1), 0);

      clock.advance(Duration.ofSeconds(10));
      waiting().until(() -> count(key(1)) == 1);
      assertStaysDelivered(key(1), 1);
    }

    @Test
    @DisplayName("scheduling an existing key moves its due time earlier")
    void moveEarlier() {
      start();
      scheduler.schedule(key(1), T0.plusSeconds(100));
      scheduler.schedule(key(1), T0.plusSeconds(10));

      clock.advance(Duration.ofSeconds(10));

      waiting().until(() -> count(key(1)) == 1);
      clock.advance(Duration.ofSeconds(90));
      awaitPassAtCurrentTime();
      assertStaysDelivered(key(1), 1);
    }

    @Test
    @DisplayName("a cancelled timer is never delivered")
    void cancel() {
      start();
      scheduler.schedule(key(1), T0.plusSeconds(10));
      scheduler.schedule(key(2), T0.plusSeconds(10));

      scheduler.cancel(key(1));
      clock.advance(Duration.ofSeconds(10));

      waiting().until(() -> count(key(2)) == 1);
      awaitPassAtCurrentTime();
      assertStaysDelivered(key(1), 0);
    }

    @Test
    @DisplayName("cancelling an unknown key does nothing")
    void cancelUnknown() {
      start();
      scheduler.schedule(key(2), T0.plusSeconds(1));

      scheduler.cancel(key(1));
      clock.advance(Duration.ofSeconds(1));

      waiting().until(() -> count(key(2)) == 1);
    }

    @Test
    @DisplayName("a timer can be scheduled again after it was delivered")
    void scheduleAgain() {
      start();
      scheduler.schedule(key(1), T0);
      waiting().until(() -> count(key(1)) == 1);

      scheduler.schedule(key(1), clock.instant().plusSeconds(60));
      clock.advance(Duration.ofSeconds(60));

      waiting().until(() -> count(key(1)) == 2);
    }
  }

  @Nested
  @DisplayName("at-least-once delivery")
  class Redelivery {

    @Test
    @DisplayName("a timer whose handler throws is delivered again, and not after it succeeds")
    void redeliveredUntilSuccess() {
      AtomicInteger failuresLeft = new AtomicInteger(2);
      AtomicInteger successes = new AtomicInteger();
      start(
          key -> {
            if (key.equals(key(1)) && failuresLeft.getAndDecrement() > 0) {
              throw new IllegalStateException("handler failure (expected by the test)");
            }
            if (key.equals(key(1))) {
              successes.incrementAndGet();
            }
          });
      scheduler.schedule(key(1), T0);

      // The redelivery delay is the implementation's: keep moving the clock until it passes.
      waiting()
          .until(
              () -> {
                clock.advance(Duration.ofMinutes(1));
                return successes.get() == 1;
              });

      assertThat(count(key(1))).isEqualTo(3);
      clock.advance(Duration.ofDays(1));
      awaitPassAtCurrentTime();
      assertStaysDelivered(key(1), 3);
    }

    @Test
    @DisplayName("a throwing handler does not hold up other timers")
    void failureIsolated() {
      start(
          key -> {
            if (key.equals(key(1))) {
              throw new IllegalStateException("handler failure (expected by the test)");
            }
          });
      scheduler.schedule(key(1), T0);
      scheduler.schedule(key(2), T0);
      // Both arrive, in whatever order the implementation's threads pick them up.
      waiting().until(() -> count(key(1)) >= 1 && count(key(2)) == 1);

      // And after the failure, a timer due later still arrives while key 1 keeps failing.
      scheduler.schedule(key(3), clock.instant().plusSeconds(1));
      clock.advance(Duration.ofSeconds(1));
      waiting().until(() -> count(key(3)) == 1);
    }
  }

  @Nested
  @DisplayName("starting and stopping")
  class Lifecycle {

    @Test
    @DisplayName("starting twice fails")
    void startTwice() {
      start();

      assertThatThrownBy(() -> scheduler.start(key -> {}))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("nothing is delivered after stop returns; timers stay and arrive after a restart")
    void stopAndRestart() {
      start();
      scheduler.schedule(key(1), T0);
      waiting().until(() -> count(key(1)) == 1);

      scheduler.stop();
      started = false;
      scheduler.schedule(key(2), T0.plusSeconds(10));
      clock.advance(Duration.ofSeconds(10));
      assertStaysDelivered(key(2), 0);

      start();
      waiting().until(() -> count(key(2)) == 1);
    }

    @Test
    @DisplayName("stop waits for a delivery under way")
    void stopWaitsForDelivery() throws Exception {
      CountDownLatch inHandler = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Map<TimerKey, Boolean> finished = new ConcurrentHashMap<>();
      start(
          key -> {
            inHandler.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            finished.put(key, true);
          });
      scheduler.schedule(key(1), T0);
      assertThat(inHandler.await(deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(scheduler::stop);
      await().during(quietPeriod()).atMost(deliveryTimeout()).until(() -> !stopping.isDone());
      release.countDown();
      stopping.get(deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
      started = false;

      assertThat(finished).containsKey(key(1));
    }
  }
}
