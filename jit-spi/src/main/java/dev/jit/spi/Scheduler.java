package dev.jit.spi;

import java.time.Instant;
import java.util.Map;

/**
 * Durable timers by key: approval deadlines, expiries, nudges, retries.
 *
 * <p>A timer is delivered to the handler at least once, at or after its due time, by exactly one of
 * the processes sharing the scheduler's storage at a time. When the handler throws, the timer stays
 * and is delivered again later. Handlers must therefore be idempotent; the engine's are.
 * Implementations are thread-safe.
 */
public interface Scheduler {

  /** Creates the timer, or moves it to {@code dueAt} if a timer with this key exists. */
  void schedule(TimerKey key, Instant dueAt);

  /**
   * Makes sure each timer fires no later than its time: creates those that are missing and moves
   * earlier those due later; those due earlier should be left (an early timer is harmless: the
   * engine looks and re-arms), since recovery arms from pages of the store read while commands run,
   * and a stale time should not delay a timer a command has just set. The default schedules each,
   * which may move a timer later: the engine's periodic sweep still acts on the request when it is
   * due. Implementations may do it in a few statements.
   */
  default void arm(Map<TimerKey, Instant> timers) {
    timers.forEach(this::schedule);
  }

  /** Removes the timer if it exists; a delivery already under way may still complete. */
  void cancel(TimerKey key);

  /**
   * Starts delivering due timers to {@code handler} until {@link #stop()}.
   *
   * @throws IllegalStateException if already started
   */
  void start(TimerHandler handler);

  /** Stops delivering; waits for deliveries under way. Timers stay stored. */
  void stop();

  /** Receives due timers. */
  @FunctionalInterface
  interface TimerHandler {
    /** Acts on a due timer; throwing makes the scheduler deliver it again later. */
    void onTimer(TimerKey key);
  }
}
