package dev.jit.core.internal;

import dev.jit.core.Lifecycle;
import dev.jit.core.Lifecycle.Event;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.StaleVersionException;
import dev.jit.spi.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit pipeline every state change goes through: evolve the snapshot by an event, schedule
 * the timer its new state needs (before committing: a timer without its state change is harmless, a
 * state change without its timer is not), append it to the audit log (the commit point) and the
 * store, then cancel the timers of the state it left. Also the engine's clock and its shielded
 * notifier.
 */
public final class Commits {
  private static final Logger LOG = LoggerFactory.getLogger(Commits.class);

  /** The actor of everything the engine does by itself. */
  public static final String SYSTEM = "system";

  private final RequestLog requests;
  private final Timers timers;
  private final Notifier notifier;
  private final Clock clock;

  public Commits(RequestLog requests, Timers timers, Notifier notifier, Clock clock) {
    this.requests = requests;
    this.timers = timers;
    this.notifier = notifier;
    this.clock = clock;
  }

  /**
   * The time, cut to milliseconds: every database keeps that precision, so a snapshot reads back
   * exactly as it was hashed into the audit chain.
   */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public Optional<AccessRequest> load(RequestId id) {
    return requests.load(id);
  }

  /** The request as committed now; it exists, since the caller has seen it. */
  public AccessRequest reload(RequestId id) {
    return requests.load(id).orElseThrow();
  }

  /** Commits a new request (version 1), with its timers. */
  public void create(AccessRequest request, AuditEntry entry) {
    timers.scheduleFor(request);
    requests.commit(entry);
  }

  /**
   * Evolves {@code r} by {@code event} and commits it.
   *
   * @throws StaleVersionException when another writer moved the request first
   */
  public AccessRequest commit(
      AccessRequest r, Event event, String actor, String detail, Optional<IdempotencyKey> key) {
    Instant now = now();
    AccessRequest evolved = Lifecycle.evolve(r, event, now);
    AccessRequest.Builder b =
        evolved.toBuilder().nextDeadline(timers.nextDeadline(evolved, event, now));
    if (key.isPresent()) {
      Map<String, RequestStatus> keys = new HashMap<>(evolved.handledKeys());
      keys.put(key.get().value(), evolved.status());
      b.handledKeys(keys);
    }
    AccessRequest next = b.build();
    timers.scheduleFor(next);
    requests.commit(new AuditEntry(now, event.action(), actor, detail, next));
    timers.cancelObsoleteTimers(r.status(), next);
    return next;
  }

  /** {@link #commit} by the engine itself; empty when another writer moved the request first. */
  public Optional<AccessRequest> tryCommit(AccessRequest r, Event e, String detail) {
    try {
      return Optional.of(commit(r, e, SYSTEM, detail, Optional.empty()));
    } catch (StaleVersionException lost) {
      return Optional.empty();
    }
  }

  /** Tells people; a notifier that fails changes nothing about the request. */
  public void announce(NotificationKind kind, AccessRequest r, Set<UserId> to, String detail) {
    try {
      notifier.notify(new Notification(kind, r, to, detail));
    } catch (RuntimeException e) {
      LOG.warn(
          "notifier failed for {} of request {}; the request state is unaffected", kind, r.id(), e);
    }
  }
}
