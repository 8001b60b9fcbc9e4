package dev.jit.core.memory;

import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.Scheduler;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.SchedulerContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemorySchedulerTest extends SchedulerContract {

  @Override
  protected Scheduler createScheduler(MutableClock clock) {
    return new InMemoryScheduler(clock, Duration.ofMillis(2));
  }

  private static TimerKey key(int n) {
    return new TimerKey(TimerKind.EXPIRY, id(n));
  }

  @Nested
  @DisplayName("delivering on the caller's thread")
  class RunDue {
    private final MutableClock time = MutableClock.at(T0);
    private final InMemoryScheduler manual = new InMemoryScheduler(time);
    private final List<TimerKey> handled = new ArrayList<>();

    @Test
    @DisplayName("runDue delivers what is due now, earliest first, and reports how many")
    void dueOrder() {
      manual.schedule(key(1), T0.plusSeconds(30));
      manual.schedule(key(2), T0.plusSeconds(10));
      manual.schedule(key(3), T0.plusSeconds(20));
      manual.schedule(key(4), T0.plusSeconds(31));
      time.advance(Duration.ofSeconds(30));

      assertThat(manual.runDue(handled::add)).isEqualTo(3);

      assertThat(handled).containsExactly(key(2), key(3), key(1));
      assertThat(manual.pending()).containsExactly(key(4));
      assertThat(manual.dueAt(key(4))).contains(T0.plusSeconds(31));
      assertThat(manual.dueAt(key(1))).isEmpty();
    }

    @Test
    @DisplayName("arm creates missing timers and moves later ones earlier, never one later")
    void armNeverLater() {
      manual.schedule(key(1), T0.plusSeconds(10));
      manual.schedule(key(2), T0.plusSeconds(30));

      manual.arm(
          Map.of(
              key(1), T0.plusSeconds(20), key(2), T0.plusSeconds(20), key(3), T0.plusSeconds(20)));

      assertThat(manual.dueAt(key(1))).contains(T0.plusSeconds(10));
      assertThat(manual.dueAt(key(2))).contains(T0.plusSeconds(20));
      assertThat(manual.dueAt(key(3))).contains(T0.plusSeconds(20));
    }

    @Test
    @DisplayName("a failed timer comes back one redelivery delay of clock time later")
    void redeliveryDelay() {
      InMemoryScheduler slow =
          new InMemoryScheduler(time, Duration.ofMillis(5), Duration.ofMinutes(5));
      AtomicInteger calls = new AtomicInteger();
      Scheduler.TimerHandler failing =
          key -> {
            calls.incrementAndGet();
            throw new IllegalStateException("handler failure (expected by the test)");
          };
      slow.schedule(key(1), T0);

      assertThat(slow.runDue(failing)).isEqualTo(1);
      assertThat(slow.dueAt(key(1))).contains(T0.plus(Duration.ofMinutes(5)));

      time.advance(Duration.ofMinutes(5).minusNanos(1));
      assertThat(slow.runDue(failing)).isZero();
      time.advance(Duration.ofNanos(1));
      assertThat(slow.runDue(failing)).isEqualTo(1);
      assertThat(calls).hasValue(2);
    }

    @Test
    @DisplayName("a timer rescheduled while its handler runs is kept at the new time")
    void rescheduledDuringDelivery() {
      manual.schedule(key(1), T0);

      manual.runDue(k -> manual.schedule(k, T0.plusSeconds(60)));

      assertThat(manual.dueAt(key(1))).contains(T0.plusSeconds(60));
    }

    @Test
    @DisplayName("a timer cancelled while its failing handler runs is not delivered again")
    void cancelledDuringFailedDelivery() {
      manual.schedule(key(1), T0);

      manual.runDue(
          k -> {
            manual.cancel(k);
            throw new IllegalStateException("handler failure (expected by the test)");
          });

      assertThat(manual.pending()).isEmpty();
    }

    @Test
    @DisplayName("runDue without a handler from start() is refused")
    void noHandler() {
      assertThatThrownBy(manual::runDue).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a hundred thousand timers are scheduled and delivered quickly")
    void manyTimers() {
      int n = 100_000;
      for (int i = 0; i < n; i++) {
        manual.schedule(key(i), T0.plusSeconds(n - i));
      }
      for (int i = 0; i < n; i += 2) {
        manual.schedule(key(i), T0.plusSeconds(i));
      }
      time.advance(Duration.ofSeconds(n));

      AtomicInteger count = new AtomicInteger();
      assertThat(manual.runDue(k -> count.incrementAndGet())).isEqualTo(n);
      assertThat(count).hasValue(n);
      assertThat(manual.pending()).isEmpty();
    }
  }
}
