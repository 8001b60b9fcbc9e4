package dev.jit.jdbc;

import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.Scheduler;
import dev.jit.spi.TimerKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable, cluster-safe timers on the {@code scheduled_tasks} table, run by <a
 * href="https://github.com/kagkarlsson/db-scheduler">db-scheduler</a>: every process sharing the
 * database polls it, and a due timer is picked (row-locked) and delivered by exactly one of them. A
 * handler that throws gets the timer again after {@code retryDelay}; a process that dies while
 * delivering has its timer revived by the others once its heartbeat stops.
 *
 * <p>db-scheduler times its polling with the same clock it compares due times with, so the clock
 * must run (a clock frozen by a test stops polling).
 *
 * <p>One timer is one row: task {@code jit-timer}, instance {@link TimerKey#asString()}. Scheduling
 * a key whose timer is being delivered by this process moves it once the delivery completes; one
 * being delivered by another process cannot be moved until then (db-scheduler refuses), so that
 * request is left to the engine's periodic sweep, which acts on overdue requests whatever their
 * timers.
 */
public final class JdbcScheduler implements Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcScheduler.class);
  private static final String TASK = "jit-timer";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Clock clock;
  private final Duration pollingInterval;
  private final Duration retryDelay;
  private final int threads;
  private final CustomTask<Void> task;
  private final SchedulerClient client;
  private final Object lock = new Object();
  private final Set<String> deliveringHere = new HashSet<>();
  private final Map<String, Instant> movedWhileDelivering = new HashMap<>();
  private volatile TimerHandler handler;
  private com.github.kagkarlsson.scheduler.Scheduler running;

  /** Polls every 500 ms with 4 delivery threads; a failed delivery is retried after 30 s. */
  public JdbcScheduler(DataSource dataSource, Clock clock) {
    this(dataSource, clock, Duration.ofMillis(500), Duration.ofSeconds(30), 4);
  }

  public JdbcScheduler(
      DataSource dataSource,
      Clock clock,
      Duration pollingInterval,
      Duration retryDelay,
      int threads) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollingInterval = Objects.requireNonNull(pollingInterval, "pollingInterval");
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    this.threads = threads;
    this.task =
        Tasks.custom(TASK, Void.class)
            .onFailure(this::failed)
            .execute(
                (instance, context) -> {
                  deliver(instance);
                  return this::completed;
                });
    // Timestamps in UTC for client and scheduler alike: MariaDB's TIMESTAMP has no zone, and a
    // client
    // writing in the JVM's zone while the scheduler reads in UTC would misplace every timer.
    this.client =
        SchedulerClient.Builder.create(dataSource, task)
            .jdbcCustomization(new AutodetectJdbcCustomization(dataSource, true))
            .build();
  }

  @Override
  public void schedule(TimerKey key, Instant dueAt) {
    String id = key.asString();
    synchronized (lock) {
      if (deliveringHere.contains(id)) {
        movedWhileDelivering.put(id, dueAt);
        return;
      }
    }
    TaskInstance<Void> instance = task.instance(id);
    for (int attempt = 0; attempt < 3; attempt++) {
      if (client.scheduleIfNotExists(instance, dueAt)) {
        return;
      }
      if (alreadyAt(instance, dueAt)) {
        return; // recovery re-arms timers that are mostly already there: a read, not a write
      }
      try {
        client.reschedule(instance, dueAt);
        return;
      } catch (TaskInstanceNotFoundException deletedMeanwhile) {
        // delivered and removed between the two calls: create it again
      } catch (TaskInstanceCurrentlyExecutingException elsewhere) {
        LOG.debug("timer {} is being delivered by another process; the sweep covers it", id);
        return;
      } catch (ExecutionException concurrentlyChanged) {
        // another thread or process moved or removed it between our read and write: try again
      }
    }
    LOG.warn("could not schedule timer {} after 3 attempts; the sweep covers it", id);
  }

  /**
   * One query finds which of {@code timers} exist and when they are due; the missing ones are
   * created in one batch, those due later than asked are moved one by one (rare), the rest are
   * left.
   */
  @Override
  public void arm(Map<TimerKey, Instant> timers) {
    if (timers.isEmpty()) {
      return;
    }
    if (dialect == Dialect.H2) {
      // The embedded database of demos and tests: one by one (batch creation is not relied on
      // there).
      timers.forEach(this::schedule);
      return;
    }
    Map<String, Instant> due = existing(timers.keySet());
    List<SchedulableInstance<?>> missing = new ArrayList<>();
    timers.forEach(
        (key, at) -> {
          Instant now = due.get(key.asString());
          if (now == null) {
            missing.add(SchedulableInstance.of(task.instance(key.asString()), at));
          } else if (millis(now).isAfter(millis(at))) {
            schedule(key, at);
          }
        });
    if (missing.isEmpty()) {
      return;
    }
    try {
      client.scheduleBatch(missing);
    } catch (RuntimeException createdMeanwhile) {
      LOG.debug("batch of {} timers not created at once; one by one", missing.size());
      missing.forEach(
          m -> schedule(TimerKey.parse(m.getId()), timers.get(TimerKey.parse(m.getId()))));
    }
  }

  private Map<String, Instant> existing(Set<TimerKey> keys) {
    List<Object> params = new ArrayList<>();
    params.add(TASK);
    keys.forEach(k -> params.add(k.asString()));
    String sql =
        "SELECT task_instance, execution_time FROM scheduled_tasks WHERE task_name = ?"
            + " AND task_instance IN ("
            + String.join(", ", Collections.nCopies(keys.size(), "?"))
            + ")";
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    return Sql.run(
        dataSource,
        "reading timers",
        c -> {
          Map<String, Instant> out = new HashMap<>();
          try (PreparedStatement ps = Sql.prepare(c, sql, params.toArray());
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getTimestamp(2, utc).toInstant());
            }
          }
          return out;
        });
  }

  /** Timers are kept to the millisecond (the engine's precision; databases keep at least that). */
  private static Instant millis(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  private boolean alreadyAt(TaskInstance<Void> instance, Instant dueAt) {
    return client
        .getScheduledExecution(instance)
        .map(e -> millis(e.getExecutionTime()).equals(millis(dueAt)))
        .orElse(false);
  }

  @Override
  public void cancel(TimerKey key) {
    String id = key.asString();
    synchronized (lock) {
      if (deliveringHere.contains(id)) {
        movedWhileDelivering.remove(id);
        return;
      }
    }
    try {
      client.cancel(task.instance(id));
    } catch (TaskInstanceNotFoundException gone) {
      // nothing to cancel
    } catch (TaskInstanceCurrentlyExecutingException | ExecutionException busy) {
      LOG.debug(
          "timer {} is being delivered or changed elsewhere; if it fires it does nothing", id);
    }
  }

  @Override
  public void start(TimerHandler handler) {
    synchronized (lock) {
      if (running != null) {
        throw new IllegalStateException("scheduler already started");
      }
      this.handler = Objects.requireNonNull(handler, "handler");
      SchedulerBuilder builder =
          com.github.kagkarlsson.scheduler.Scheduler.create(dataSource, task)
              .clock(clock::instant)
              .pollingInterval(pollingInterval)
              .threads(threads)
              .alwaysPersistTimestampInUTC()
              .shutdownMaxWait(Duration.ofSeconds(30));
      running = builder.build();
      running.start();
    }
  }

  @Override
  public void stop() {
    com.github.kagkarlsson.scheduler.Scheduler toStop;
    synchronized (lock) {
      toStop = running;
      running = null;
    }
    if (toStop != null) {
      toStop.stop();
    }
  }

  private void deliver(TaskInstance<Void> instance) {
    synchronized (lock) {
      deliveringHere.add(instance.getId());
    }
    handler.onTimer(TimerKey.parse(instance.getId()));
  }

  private void completed(ExecutionComplete complete, ExecutionOperations<Void> operations) {
    String id = complete.getExecution().taskInstance.getId();
    synchronized (lock) {
      Instant again = movedWhileDelivering.remove(id);
      try {
        if (again != null) {
          operations.reschedule(complete, again);
        } else {
          operations.remove();
        }
      } finally {
        deliveringHere.remove(id);
      }
    }
  }

  private void failed(ExecutionComplete complete, ExecutionOperations<Void> operations) {
    String id = complete.getExecution().taskInstance.getId();
    synchronized (lock) {
      Instant moved = movedWhileDelivering.remove(id);
      Instant retry = clock.instant().plus(retryDelay);
      try {
        operations.reschedule(complete, moved != null && moved.isBefore(retry) ? moved : retry);
      } finally {
        deliveringHere.remove(id);
      }
    }
    LOG.warn(
        "timer {} failed; delivering it again in {}",
        id,
        retryDelay,
        complete.getCause().orElse(null));
  }
}
