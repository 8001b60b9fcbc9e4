package dev.jit.core.internal;

import static dev.jit.spi.RequestStatus.ACTIVE;

import dev.jit.core.Lifecycle.BreakGlassApproved;
import dev.jit.core.Lifecycle.Event;
import dev.jit.core.Lifecycle.ExtensionApproved;
import dev.jit.core.Lifecycle.ExtensionEnded;
import dev.jit.core.Lifecycle.ExtensionRequested;
import dev.jit.core.Lifecycle.ReviewOverdue;
import dev.jit.core.Lifecycle.Reviewed;
import dev.jit.core.policy.Policy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approvers;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import dev.jit.spi.Grant;
import dev.jit.spi.JitException;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows break-glass and extension events: the loud announcements, the grant of emergency
 * access, the native expiry moved after an extension, and the timers of both — the review that
 * escalates again and again until an owner records it, and the extension that lapses undecided.
 */
public final class FollowUps {
  private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);

  private final Commits commits;
  private final Grants grants;
  private final BackendCalls backends;
  private final People people;
  private final Supplier<Policy> policy;

  public FollowUps(
      Commits commits,
      Grants grants,
      BackendCalls backends,
      People people,
      Supplier<Policy> policy) {
    this.commits = commits;
    this.grants = grants;
    this.backends = backends;
    this.people = people;
    this.policy = policy;
  }

  /**
   * What announces a break-glass request as it is created, committed with it: the owners and the
   * security channel are told, and an on-call group ({@code deciders}) asked for its one approval.
   */
  public Commits.Announce invocation(Approvers deciders) {
    return created -> {
      List<Notification> out = new ArrayList<>();
      out.add(
          Commits.about(
              NotificationKind.BREAK_GLASS, created, owners(created), created.justification()));
      if (created.requiredApprovals() > 0) {
        out.add(
            Commits.about(
                NotificationKind.PENDING,
                created,
                people.recipientsForApproval(created, deciders),
                ""));
      }
      return out;
    };
  }

  /** A break-glass request was just created: grant at once unless it waits for on-call. */
  public AccessRequest invoked(AccessRequest created) {
    if (created.requiredApprovals() > 0) {
      return created;
    }
    Event approve = new BreakGlassApproved(Optional.empty());
    Optional<AccessRequest> approved =
        commits.tryCommit(created, approve, "", next -> announcements(approve, next));
    if (approved.isEmpty()) {
      return commits.reload(created.id());
    }
    return after(created, approved.get(), approve).orElseThrow();
  }

  /**
   * What {@code event} tells people, from the request as it leaves it: staged with the commit, so a
   * crash right after it loses none of them. Empty when it is not one of these events.
   */
  public List<Notification> announcements(Event event, AccessRequest next) {
    Set<UserId> holder = Set.of(next.requester());
    List<Notification> out = new ArrayList<>();
    if (event instanceof BreakGlassApproved) {
      out.add(Commits.about(NotificationKind.APPROVED, next, holder, ""));
      out.add(Commits.about(NotificationKind.BREAK_GLASS_REVIEW_DUE, next, owners(next), ""));
    } else if (event instanceof Reviewed e) {
      BreakGlass.Review review = e.review();
      out.add(
          Commits.about(
              NotificationKind.BREAK_GLASS_REVIEWED, next, owners(next), review.comment()));
      if (review.verdict() == BreakGlass.Verdict.NOT_JUSTIFIED) {
        Set<UserId> admins = new LinkedHashSet<>(policy.get().admins());
        out.add(
            Commits.about(
                NotificationKind.BREAK_GLASS_NOT_JUSTIFIED, next, admins, review.comment()));
      }
    } else if (event instanceof ExtensionRequested) {
      out.add(
          Commits.about(
              NotificationKind.EXTENSION_REQUESTED,
              next,
              people.recipientsForApproval(next, people.approversOf(next)),
              ""));
    } else if (event instanceof ExtensionApproved e) {
      NotificationKind kind =
          e.quorum() ? NotificationKind.EXTENDED : NotificationKind.EXTENSION_APPROVAL_RECORDED;
      out.add(Commits.about(kind, next, holder, ""));
    } else if (event instanceof ExtensionEnded e) {
      out.add(Commits.about(NotificationKind.EXTENSION_DENIED, next, holder, e.reason()));
    }
    return out;
  }

  /**
   * The work after {@code event} moved {@code before} to {@code next} (its announcements went with
   * the commit), or empty when it is not one of these events.
   */
  public Optional<AccessRequest> after(AccessRequest before, AccessRequest next, Event event) {
    if (event instanceof BreakGlassApproved) {
      return Optional.of(grants.grant(next, false));
    } else if (event instanceof ExtensionApproved e && e.quorum()) {
      moveNativeExpiry(before, next);
    } else if (!(event instanceof Reviewed
        || event instanceof ExtensionRequested
        || event instanceof ExtensionApproved
        || event instanceof ExtensionEnded)) {
      return Optional.empty();
    }
    return Optional.of(next);
  }

  /** The timers of reviews and extensions; idempotent, like every timer. */
  public void onTimer(TimerKey key) {
    Optional<AccessRequest> loaded = commits.load(key.requestId());
    if (loaded.isEmpty()) {
      return;
    }
    AccessRequest r = loaded.get();
    Instant now = commits.now();
    if (key.kind() == TimerKind.REVIEW_DUE) {
      Optional<Instant> due = r.breakGlass().flatMap(BreakGlass::nextEscalation);
      if (due.isPresent() && !now.isBefore(due.get())) {
        commits.tryCommit(
            r,
            new ReviewOverdue(),
            "review due " + r.breakGlass().get().reviewDue().get(),
            o ->
                List.of(
                    Commits.about(
                        NotificationKind.BREAK_GLASS_REVIEW_OVERDUE,
                        o,
                        escalation(o),
                        "escalation " + o.breakGlass().get().escalations())));
      }
    } else if (key.kind() == TimerKind.EXTENSION_TIMEOUT) {
      Optional<Extension> x = r.extension();
      if (r.status() == ACTIVE && x.isPresent() && !now.isBefore(x.get().deadline())) {
        String reason = "nobody decided before " + x.get().deadline();
        Event lapse = new ExtensionEnded(Optional.empty(), reason);
        commits.tryCommit(r, lapse, reason, e -> announcements(lapse, e));
      }
    }
  }

  /**
   * Moves the expiry the backends carry themselves, after the engine moved its own revocation. A
   * backend that fails to is logged: its access then ends at the original time, early, never late.
   */
  private void moveNativeExpiry(AccessRequest before, AccessRequest extended) {
    Instant newExpiry = extended.expiresAt().orElseThrow();
    Instant old = before.expiresAt().orElseThrow();
    for (int i = 0; i < extended.steps().size(); i++) {
      Grant grant = new Grant(extended.id(), extended.steps().get(i), old);
      try {
        backends.extend(grant, newExpiry);
      } catch (JitException e) {
        LOG.warn(
            "request {}: {} did not move its own expiry to {}; it ends the access at the old time",
            extended.id(),
            grant.step().backend(),
            newExpiry,
            e);
      }
    }
  }

  private Set<UserId> owners(AccessRequest r) {
    try {
      return people.recipientsForApproval(r, people.approversOf(r));
    } catch (JitException e) {
      LOG.warn("could not resolve the owners of {} to tell them", r.resource(), e);
      return Set.of();
    }
  }

  private Set<UserId> escalation(AccessRequest r) {
    Set<UserId> to = people.escalationRecipients(r);
    to.addAll(owners(r));
    to.remove(r.requester());
    return to;
  }
}
