package dev.jit.core.internal;

import dev.jit.core.Lifecycle;
import dev.jit.core.Lifecycle.Event;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.StaleVersionException;
import dev.jit.spi.Transactions;
import dev.jit.spi.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit pipeline every state change goes through: evolve the snapshot by an event, schedule
 * the timer its new state needs and stage the notifications that announce it (before committing: a
 * timer or message without its state change is harmless, a state change without them is not),
 * append it to the audit log (the commit point) and the store, cancel the timers of the state it
 * left, and deliver the notifications ({@link Deliveries}) once committed. With {@link
 * Transactions} all those writes commit together, the audit append last. Also the engine's clock.
 */
public final class Commits {
  private static final Logger LOG = LoggerFactory.getLogger(Commits.class);

  /** The actor of everything the engine does by itself. */
  public static final String SYSTEM = "system";

  private final RequestLog requests;
  private final Timers timers;
  private final Deliveries deliveries;
  private final Transactions transactions;
  private final Clock clock;

  /** What to tell people about a state change, from the request as the change leaves it. */
  @FunctionalInterface
  public interface Announce {
    List<Notification> about(AccessRequest next);

    /** Nothing to tell. */
    Announce NOTHING = next -> List.of();
  }

  public Commits(
      RequestLog requests,
      Timers timers,
      Deliveries deliveries,
      Transactions transactions,
      Clock clock) {
    this.requests = requests;
    this.timers = timers;
    this.deliveries = deliveries;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Tells {@code to} about the change, of {@code kind}, with {@code detail}. */
  public static Announce tell(NotificationKind kind, Set<UserId> to, String detail) {
    return next -> List.of(about(kind, next, to, detail));
  }

  /** A notification about the committed change {@code next}, keyed by it. */
  public static Notification about(
      NotificationKind kind, AccessRequest next, Set<UserId> to, String detail) {
    Notification n = new Notification(kind, next, to, detail);
    return new Notification(kind, next, to, detail, Deliveries.keyOf(n));
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

  /** Commits a new request (version 1), with its timers and announcements. */
  public void create(AccessRequest request, AuditEntry entry, Announce announce) {
    create(request, entry, announce, () -> {});
  }

  /** {@link #create}, with {@code alsoWrite} (a timer of its own) committed together with it. */
  public void create(
      AccessRequest request, AuditEntry entry, Announce announce, Runnable alsoWrite) {
    List<Notification> staged = announce.about(request);
    transactions.inTransaction(
        () -> {
          alsoWrite.run();
          timers.scheduleFor(request);
          deliveries.stage(staged);
          return together() ? requests.commitTogether(entry) : requests.commit(entry);
        });
    deliver(staged);
  }

  /**
   * Evolves {@code r} by {@code event} and commits it.
   *
   * @throws StaleVersionException when another writer moved the request first
   */
  public AccessRequest commit(
      AccessRequest r, Event event, String actor, String detail, Optional<IdempotencyKey> key) {
    return commit(r, event, actor, detail, key, Announce.NOTHING);
  }

  /**
   * Evolves {@code r} by {@code event} and commits it with what {@code announce} tells about it.
   *
   * @throws StaleVersionException when another writer moved the request first
   */
  public AccessRequest commit(
      AccessRequest r,
      Event event,
      String actor,
      String detail,
      Optional<IdempotencyKey> key,
      Announce announce) {
    Instant now = now();
    AccessRequest evolved = Lifecycle.evolve(r, event, now);
    AccessRequest.Builder b = timers.stamp(evolved, event, now);
    if (key.isPresent()) {
      Map<String, RequestStatus> keys = new HashMap<>(evolved.handledKeys());
      keys.put(key.get().value(), evolved.status());
      b.handledKeys(keys);
    }
    AccessRequest next = b.build();
    List<Notification> staged = announce.about(next);
    AuditEntry entry = new AuditEntry(now, event.action(), actor, detail, next);
    transactions.inTransaction(
        () -> {
          timers.scheduleFor(next);
          deliveries.stage(staged);
          if (together()) {
            // All or nothing: the cancellations and the store go before the append, which locks
            // the audit head until the commit.
            timers.cancelObsoleteTimers(r.status(), next);
            requests.commitTogether(entry);
          } else {
            // Each write commits alone: cancel only once the change is in, or a writer that loses
            // the race would take the winner's timers away.
            requests.commit(entry);
            timers.cancelObsoleteTimers(r.status(), next);
          }
          return next;
        });
    deliver(staged);
    return next;
  }

  /** {@link #commit} by the engine itself; empty when another writer moved the request first. */
  public Optional<AccessRequest> tryCommit(AccessRequest r, Event e, String detail) {
    return tryCommit(r, e, detail, Announce.NOTHING);
  }

  /** {@link #tryCommit} with what {@code announce} tells about the change. */
  public Optional<AccessRequest> tryCommit(
      AccessRequest r, Event e, String detail, Announce announce) {
    try {
      return Optional.of(commit(r, e, SYSTEM, detail, Optional.empty(), announce));
    } catch (StaleVersionException lost) {
      return Optional.empty();
    }
  }

  /**
   * Tells people about {@code r} as committed, without a state change (a reminder, a warning):
   * staged and delivered like every notification; a failure changes nothing about the request.
   */
  public void announce(NotificationKind kind, AccessRequest r, Set<UserId> to, String detail) {
    Notification n = new Notification(kind, r, to, detail);
    try {
      deliveries.announce(new Notification(kind, r, to, detail, n.key() + "/" + clock.millis()));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not stage {} of request {}; the request state is unaffected", kind, r.id(), e);
    }
  }

  /** Whether the writes of a state change commit together (else each alone). */
  private boolean together() {
    return transactions != Transactions.NONE;
  }

  private void deliver(List<Notification> staged) {
    if (!staged.isEmpty()) {
      deliveries.kick();
    }
  }
}
