package dev.jit.core.internal;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Notification;
import dev.jit.spi.Notifier;
import dev.jit.spi.Outbox;
import dev.jit.spi.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications through the {@link Outbox}: at least once, only once their state change is
 * committed, in order per request, from whichever engine instance is alive.
 *
 * <p>A notification that belongs to a state change is {@linkplain #stage staged} before that change
 * commits (as a timer is scheduled before it: a staged message without its change is harmless, a
 * change without its message is not), and delivered after. The audit log decides what commits, so
 * before delivering, the message's request snapshot is compared with the log's record of its
 * version: the same snapshot delivers, another one (the change lost a race) removes the message,
 * none yet waits. A failed delivery is retried with backoff until the notifier accepts it; a
 * message claimed before (its instance died, or a try failed) goes to {@link Notifier#redeliver},
 * which keeps Slack from showing it twice.
 */
public final class Deliveries {
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  /** How long a claim keeps other instances off a message: longer than one delivery takes. */
  public static final Duration LEASE = Duration.ofSeconds(dev.jit.core.JitEngine.CLAIM_SECONDS);

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /** A staged message whose change has not committed after this long never will. */
  static final Duration ABANDON = Duration.ofHours(1);

  private static final int BATCH = 100;
  private static final int MAX_ROUNDS = 50;

  private final Outbox outbox;
  private final AuditLog audit;
  private final Notifier notifier;
  private final Clock clock;
  private final Optional<Executor> executor;
  private final String claimant = "engine-" + UUID.randomUUID();
  private final AtomicBoolean queued = new AtomicBoolean();

  /**
   * @param executor where delivery runs after a commit; empty delivers on the committing thread
   */
  public Deliveries(
      Outbox outbox, AuditLog audit, Notifier notifier, Clock clock, Optional<Executor> executor) {
    this.outbox = outbox;
    this.audit = audit;
    this.notifier = notifier;
    this.clock = clock;
    this.executor = executor;
  }

  /**
   * The key of a notification about a state change: its request, version and kind, and a digest of
   * the snapshot, so two engines racing for the same version stage two messages and only the one
   * whose snapshot the log commits is delivered.
   */
  public static String keyOf(Notification n) {
    return Notification.keyOf(n.kind(), n.request()) + "/" + digest(n.request());
  }

  /** Writes messages ahead of the commit they belong to. */
  public void stage(List<Notification> notifications) {
    Instant now = clock.instant();
    for (Notification n : notifications) {
      outbox.add(OutboxMessage.of(n, now));
    }
  }

  /** Stages a notification about a request as committed already, and delivers it. */
  public void announce(Notification n) {
    stage(List.of(n));
    kick();
  }

  /** Delivers what is due, now or on the executor; never throws. */
  public void kick() {
    if (executor.isEmpty()) {
      deliverQuietly();
    } else if (queued.compareAndSet(false, true)) {
      try {
        executor
            .get()
            .execute(
                () -> {
                  queued.set(false);
                  deliverQuietly();
                });
      } catch (RuntimeException e) {
        queued.set(false);
        LOG.warn(
            "could not queue notification delivery; the next round delivers: {}", e.toString());
      }
    }
  }

  private void deliverQuietly() {
    try {
      deliverDue();
    } catch (RuntimeException e) {
      LOG.warn("delivering notifications failed; the next round retries: {}", e.toString());
    }
  }

  /**
   * Claims and delivers every due message, in rounds, until none is due.
   *
   * @return how many were delivered
   */
  public int deliverDue() {
    int delivered = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<OutboxMessage> claimed = outbox.claim(claimant, clock.instant(), LEASE, BATCH);
      if (claimed.isEmpty()) {
        break;
      }
      for (OutboxMessage m : claimed) {
        delivered += deliver(m) ? 1 : 0;
      }
    }
    return delivered;
  }

  private boolean deliver(OutboxMessage m) {
    Notification n = m.notification();
    Instant now = clock.instant();
    Optional<Boolean> committed = committed(n.request());
    if (committed.isEmpty()) {
      if (now.isAfter(m.createdAt().plus(ABANDON))) {
        LOG.warn("notification {}: its change never committed; giving it up", m.key());
        outbox.remove(m.key());
      } else {
        outbox.release(m.key(), claimant, now.plus(FIRST_RETRY));
      }
      return false;
    }
    if (!committed.get()) {
      LOG.debug("notification {}: another change took its version; dropped", m.key());
      outbox.remove(m.key());
      return false;
    }
    try {
      if (m.attempts() > 1) {
        notifier.redeliver(n);
      } else {
        notifier.notify(n);
      }
    } catch (RuntimeException e) {
      Duration wait = backoff(m.attempts());
      LOG.warn(
          "notification {} not delivered (attempt {}); trying again in {}: {}",
          m.key(),
          m.attempts(),
          wait,
          e.toString());
      outbox.release(m.key(), claimant, now.plus(wait));
      return false;
    }
    outbox.remove(m.key());
    return true;
  }

  /** Whether the log committed this snapshot at its version; empty when nothing is there yet. */
  private Optional<Boolean> committed(AccessRequest snapshot) {
    for (AuditRecord r : audit.forRequest(snapshot.id(), snapshot.version() - 1)) {
      if (r.entry().request().version() == snapshot.version()) {
        return Optional.of(
            AuditChain.canonical(r.entry().request()).equals(AuditChain.canonical(snapshot)));
      }
    }
    return Optional.empty();
  }

  static Duration backoff(int attempts) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 20);
    Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }

  private static String digest(AccessRequest r) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(AuditChain.canonical(r).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
