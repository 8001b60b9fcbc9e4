package dev.jit.core.internal;

import static dev.jit.spi.RequestStatus.ACTIVE;
import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.PENDING;

import dev.jit.core.EngineSettings;
import dev.jit.core.Lifecycle;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.Scheduler;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the engine must look at a request next, who holds its lease, and the durable timer for it.
 * One timer kind per state: APPROVAL_TIMEOUT while pending, GRANT_WATCHDOG while granting (the
 * lease, or the next check of a step in progress), EXPIRY while active, RETRY while undoing (the
 * lease while an engine works on it, then the next retry or check).
 */
public final class Timers {
  private static final Logger LOG = LoggerFactory.getLogger(Timers.class);

  private final Scheduler scheduler;
  private final EngineSettings settings;
  private final String instance;

  public Timers(Scheduler scheduler, EngineSettings settings, String instance) {
    this.scheduler = scheduler;
    this.settings = settings;
    this.instance = instance;
  }

  /** The id of this engine instance, the holder of the leases it takes. */
  public String instance() {
    return instance;
  }

  /**
   * {@code evolved}, which {@code event} brought where it is, with what the engine must do next:
   * when to look at it again and, while granting or undoing, this instance as the holder of the
   * lease that ends then.
   */
  public AccessRequest.Builder stamp(AccessRequest evolved, Lifecycle.Event event, Instant now) {
    return evolved.toBuilder()
        .nextDeadline(nextDeadline(evolved, event, now))
        .holder(
            Lifecycle.LEASED.contains(evolved.status()) ? Optional.of(instance) : Optional.empty());
  }

  /**
   * When to look at {@code r} next, now that {@code event} brought it there. While an engine works
   * on it (granting, or undoing right after the event that started it) that is the end of its
   * lease, which never outlives the grant's expiry; a check of a step in progress comes sooner than
   * a retry of a failure.
   */
  public Optional<Instant> nextDeadline(AccessRequest r, Lifecycle.Event event, Instant now) {
    RequestStatus s = r.status();
    if (s == APPROVED) {
      Instant next =
          now.plus(
              event instanceof Lifecycle.StepPending
                  ? settings.pollDelay(r.attempts())
                  : settings.grantLease());
      return Optional.of(r.expiresAt().filter(next::isAfter).orElse(next));
    }
    if (Lifecycle.UNDOING.contains(s)) {
      if (event instanceof Lifecycle.UndoPending p) {
        return Optional.of(now.plus(settings.pollDelay(p.check())));
      }
      if (!(event instanceof Lifecycle.UndoAttemptFailed)) {
        return Optional.of(now.plus(settings.grantLease()));
      }
    }
    return nextDeadline(r, now);
  }

  /** When to look at {@code r} next, from its state alone. */
  public Optional<Instant> nextDeadline(AccessRequest r, Instant now) {
    RequestStatus s = r.status();
    if (s.isTerminal()) {
      return Optional.empty();
    } else if (s == PENDING) {
      return Optional.of(r.approvalDeadline());
    } else if (s == APPROVED) {
      return Optional.of(
          now.plus(r.attempts() > 0 ? settings.pollDelay(r.attempts()) : settings.grantLease()));
    } else if (s == ACTIVE) {
      return r.expiresAt();
    }
    return Optional.of(now.plus(settings.retryDelay(Math.max(1, r.attempts()))));
  }

  public void scheduleFor(AccessRequest r) {
    timersFor(r).forEach(scheduler::schedule);
  }

  /** Makes sure the timers of every request of {@code page} exist ({@link Scheduler#arm}). */
  public void arm(List<AccessRequest> page) {
    Map<TimerKey, Instant> all = new LinkedHashMap<>();
    page.forEach(r -> all.putAll(timersFor(r)));
    scheduler.arm(all);
  }

  private Map<TimerKey, Instant> timersFor(AccessRequest r) {
    Map<TimerKey, Instant> out = new LinkedHashMap<>();
    // A break-glass review is due whatever became of the access, terminal states included.
    r.breakGlass()
        .flatMap(BreakGlass::nextEscalation)
        .ifPresent(at -> out.put(new TimerKey(TimerKind.REVIEW_DUE, r.id()), at));
    if (r.status() == ACTIVE && r.extension().isPresent()) {
      out.put(new TimerKey(TimerKind.EXTENSION_TIMEOUT, r.id()), r.extension().get().deadline());
    }
    if (r.nextDeadline().isEmpty()) {
      return out;
    }
    out.put(new TimerKey(timerKind(r.status()), r.id()), r.nextDeadline().get());
    Instant warnAt = r.expiresAt().map(e -> e.minus(settings.expiryWarning())).orElse(Instant.MIN);
    if (r.status() == ACTIVE && warnAt.isAfter(r.grantedAt().orElseThrow())) {
      // A grant shorter than the warning period gets no warning: it would arrive with the grant.
      out.put(new TimerKey(TimerKind.EXPIRY_WARNING, r.id()), warnAt);
    }
    return out;
  }

  public void schedule(TimerKind kind, RequestId id, Instant at, Instant onlyBefore) {
    if (at.isBefore(onlyBefore)) {
      scheduler.schedule(new TimerKey(kind, id), at);
    }
  }

  public void cancelObsoleteTimers(RequestStatus from, AccessRequest next) {
    if (from == next.status()) {
      return;
    }
    try {
      if (from == PENDING) {
        scheduler.cancel(new TimerKey(TimerKind.NUDGE, next.id()));
      }
      TimerKind old = timerKind(from);
      if (next.status().isTerminal() || old != timerKind(next.status())) {
        scheduler.cancel(new TimerKey(old, next.id()));
      }
      if (from == ACTIVE) {
        scheduler.cancel(new TimerKey(TimerKind.EXPIRY_WARNING, next.id()));
      }
    } catch (RuntimeException e) {
      LOG.warn("could not cancel timers of {}; they will fire and do nothing", next.id(), e);
    }
  }

  public static TimerKind timerKind(RequestStatus s) {
    if (s == PENDING) {
      return TimerKind.APPROVAL_TIMEOUT;
    } else if (s == APPROVED) {
      return TimerKind.GRANT_WATCHDOG;
    } else if (s == ACTIVE) {
      return TimerKind.EXPIRY;
    }
    return TimerKind.RETRY;
  }
}
