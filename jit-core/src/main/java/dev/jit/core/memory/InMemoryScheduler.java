package dev.jit.core.memory;

import dev.jit.spi.Scheduler;
import dev.jit.spi.TimerKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} in memory (timers are lost with the process). What is due is decided by the
 * given {@link Clock}, which may be a test clock that never moves by itself.
 *
 * <p>{@link #start} runs one daemon thread that looks for due timers every poll interval and hands
 * them to the handler one at a time, earliest due first. A timer is removed when it is handed over;
 * if the handler throws, it is stored again, due one redelivery delay (clock time) later, unless it
 * was rescheduled or cancelled meanwhile. {@link #runDue()} does the same on the caller's thread,
 * for deterministic tests. Thread-safe; a timer is never handed to two handlers at once.
 *
 * <p>Timers are kept in a sorted set and a map by key, so 100,000 pending timers cost little.
 */
public final class InMemoryScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(InMemoryScheduler.class);
  private static final Duration DEFAULT_POLL = Duration.ofMillis(10);
  private static final Duration DEFAULT_REDELIVERY = Duration.ofSeconds(1);
  private static final Comparator<Timer> DUE_ORDER =
      Comparator.comparing(Timer::due).thenComparingLong(Timer::generation);

  private final Clock clock;
  private final Duration pollInterval;
  private final Duration redeliveryDelay;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final NavigableSet<Timer> queue = new TreeSet<>(DUE_ORDER);
  private final Map<TimerKey, Timer> byKey = new HashMap<>();

  /** Timers handed to a handler and not yet finished, by key. */
  private final Map<TimerKey, Timer> inFlight = new HashMap<>();

  /** Serialises deliveries so that no timer is handed to two handlers at once. */
  private final ReentrantLock delivering = new ReentrantLock();

  private long generations;
  private TimerHandler handler;
  private Thread worker;
  private boolean running;

  private record Timer(TimerKey key, Instant due, long generation) {}

  /** Polls every 10 ms; redelivers a failed timer 1 s (clock time) later. */
  public InMemoryScheduler(Clock clock) {
    this(clock, DEFAULT_POLL);
  }

  /** Polls every {@code pollInterval}; redelivers a failed timer 1 s (clock time) later. */
  public InMemoryScheduler(Clock clock, Duration pollInterval) {
    this(clock, pollInterval, DEFAULT_REDELIVERY);
  }

  /**
   * Polls every {@code pollInterval} (wall time) and redelivers a timer whose handler threw {@code
   * redeliveryDelay} later by {@code clock}.
   */
  public InMemoryScheduler(Clock clock, Duration pollInterval, Duration redeliveryDelay) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollInterval = positive(pollInterval, "pollInterval");
    this.redeliveryDelay = positive(redeliveryDelay, "redeliveryDelay");
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  @Override
  public void schedule(TimerKey key, Instant dueAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(dueAt, "dueAt");
    lock.lock();
    try {
      remove(key);
      Timer timer = new Timer(key, dueAt, ++generations);
      queue.add(timer);
      byKey.put(key, timer);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Creates the missing timers and moves earlier those due later; leaves those due earlier and
   * those being delivered (never moves a timer later, so arming from a stale read delays nothing).
   */
  @Override
  public void arm(Map<TimerKey, Instant> timers) {
    lock.lock();
    try {
      timers.forEach(
          (key, at) -> {
            Timer stored = byKey.get(key);
            if (!inFlight.containsKey(key) && (stored == null || stored.due().isAfter(at))) {
              schedule(key, at);
            }
          });
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void cancel(TimerKey key) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** Removes the stored timer of {@code key}; a delivery under way is not stored again. */
  private void remove(TimerKey key) {
    Timer old = byKey.remove(key);
    if (old != null) {
      queue.remove(old);
    }
    inFlight.remove(key);
  }

  @Override
  public void start(TimerHandler handler) {
    Objects.requireNonNull(handler, "handler");
    lock.lock();
    try {
      if (running) {
        throw new IllegalStateException("scheduler already started");
      }
      running = true;
      this.handler = handler;
      worker = new Thread(this::poll, "jit-in-memory-scheduler");
      worker.setDaemon(true);
      worker.start();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stop() {
    Thread stopping;
    lock.lock();
    try {
      if (!running) {
        return;
      }
      running = false;
      stopping = worker;
      worker = null;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    if (stopping != Thread.currentThread()) {
      boolean interrupted = false;
      while (stopping.isAlive()) {
        try {
          stopping.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void poll() {
    while (true) {
      TimerHandler current;
      lock.lock();
      try {
        if (!running || worker != Thread.currentThread()) {
          return;
        }
        current = handler;
      } finally {
        lock.unlock();
      }
      try {
        deliverDue(current, true);
      } catch (RuntimeException e) {
        log.error("in-memory scheduler: unexpected failure while delivering timers", e);
      }
      lock.lock();
      try {
        if (running && worker == Thread.currentThread()) {
          wake.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Delivers every timer due now to the handler given to {@link #start}, on the caller's thread,
   * and returns how many were handed over (including those whose handler threw).
   *
   * @throws IllegalStateException if the scheduler was never started
   */
  public int runDue() {
    TimerHandler current;
    lock.lock();
    try {
      current = handler;
    } finally {
      lock.unlock();
    }
    if (current == null) {
      throw new IllegalStateException("no handler: call start() first, or runDue(handler)");
    }
    return deliverDue(current, false);
  }

  /**
   * Delivers every timer due now to {@code handler}, on the caller's thread, without {@link
   * #start}; returns how many were handed over (including those whose handler threw).
   */
  public int runDue(TimerHandler handler) {
    return deliverDue(Objects.requireNonNull(handler, "handler"), false);
  }

  /**
   * Hands due timers over one at a time, earliest first. Only timers due at the start of the pass
   * are delivered, so a failing timer is not retried within one pass.
   */
  private int deliverDue(TimerHandler target, boolean fromWorker) {
    if (fromWorker) {
      // A runDue() on another thread is delivering (and might be stopping us): skip this poll.
      if (!delivering.tryLock()) {
        return 0;
      }
    } else {
      delivering.lock();
    }
    try {
      Instant now = clock.instant();
      int delivered = 0;
      while (true) {
        Timer timer;
        lock.lock();
        try {
          if (fromWorker && (!running || worker != Thread.currentThread())) {
            return delivered;
          }
          timer = queue.isEmpty() ? null : queue.first();
          if (timer == null || timer.due().isAfter(now)) {
            return delivered;
          }
          queue.pollFirst();
          byKey.remove(timer.key());
          inFlight.put(timer.key(), timer);
        } finally {
          lock.unlock();
        }
        delivered++;
        deliver(target, timer);
      }
    } finally {
      delivering.unlock();
    }
  }

  private void deliver(TimerHandler target, Timer timer) {
    Throwable failure = null;
    try {
      target.onTimer(timer.key());
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    lock.lock();
    try {
      boolean stillOurs = inFlight.remove(timer.key(), timer);
      if (failure != null && stillOurs) {
        Timer again = new Timer(timer.key(), clock.instant().plus(redeliveryDelay), ++generations);
        queue.add(again);
        byKey.put(again.key(), again);
      }
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      log.warn(
          "timer {} failed; it will be delivered again in {}",
          timer.key().asString(),
          redeliveryDelay,
          failure);
    }
  }

  /** When the timer of {@code key} is due, if one is stored (not while it is being delivered). */
  public Optional<Instant> dueAt(TimerKey key) {
    lock.lock();
    try {
      return Optional.ofNullable(byKey.get(key)).map(Timer::due);
    } finally {
      lock.unlock();
    }
  }

  /** The keys of the stored timers (not those being delivered right now). */
  public Set<TimerKey> pending() {
    lock.lock();
    try {
      return Set.copyOf(byKey.keySet());
    } finally {
      lock.unlock();
    }
  }
}
