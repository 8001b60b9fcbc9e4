package dev.jit.core.internal;

import dev.jit.core.Lifecycle;
import dev.jit.core.policy.Policy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Grant;
import dev.jit.spi.JitException;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.UserId;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does about an audit record it refuses to adopt (a forged or altered record): a
 * security event for the admins and the resource's owners, and, failing closed, the removal of
 * every step the request's last trusted version may hold — the request cannot move on, since the
 * refused record occupies its next version, so its access must not stand either. Each refused
 * record is reported once per engine; the removal is repeated whenever the request is loaded
 * (removals are idempotent).
 */
public final class Suspicions implements Consumer<RequestLog.Suspicious> {
  private static final Logger LOG = LoggerFactory.getLogger(Suspicions.class);

  private final Supplier<BackendCalls> backends;
  private final People people;
  private final Supplier<Policy> policy;
  private final Deliveries deliveries;
  private final Clock clock;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  public Suspicions(
      Supplier<BackendCalls> backends,
      People people,
      Supplier<Policy> policy,
      Deliveries deliveries,
      Clock clock) {
    this.backends = backends;
    this.people = people;
    this.policy = policy;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  @Override
  public void accept(RequestLog.Suspicious s) {
    s.trusted().filter(t -> t.status().mayHoldAccess()).ifPresent(this::removeAccess);
    if (!reported.add(s.request().value() + "#" + s.sequence())) {
      return;
    }
    String detail =
        "security: audit record "
            + s.sequence()
            + " of request "
            + s.request()
            + " is refused and the request is held at its last trusted version: "
            + s.problem();
    if (s.trusted().isEmpty()) {
      LOG.error("{} (no trusted version to notify about)", detail);
      return;
    }
    AccessRequest trusted = s.trusted().get();
    Set<UserId> to = new LinkedHashSet<>(people.escalationRecipients(trusted));
    to.addAll(policy.get().admins());
    try {
      deliveries.announce(
          new Notification(
              NotificationKind.ESCALATION,
              trusted,
              to,
              detail,
              Notification.keyOf(NotificationKind.ESCALATION, trusted)
                  + "/refused-"
                  + s.sequence()));
    } catch (RuntimeException e) {
      LOG.error("could not alert about refused record {} of {}", s.sequence(), s.request(), e);
    }
  }

  private void removeAccess(AccessRequest r) {
    for (int i = Lifecycle.stepsPossiblyApplied(r) - 1; i >= 0; i--) {
      Grant grant = new Grant(r.id(), r.steps().get(i), r.expiresAt().orElse(clock.instant()));
      try {
        backends.get().revoke(grant);
      } catch (JitException e) {
        LOG.error("security: could not remove {} of refused request {}", grant.step(), r.id(), e);
      }
    }
  }
}
