package dev.jit.core.internal;

import static dev.jit.spi.RequestStatus.ACTIVE;
import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.GRANT_FAILED;
import static dev.jit.spi.RequestStatus.PENDING;
import static dev.jit.spi.RequestStatus.REVOCATION_FAILING;
import static dev.jit.spi.RequestStatus.REVOKING;
import static dev.jit.spi.RequestStatus.ROLLBACK_FAILING;

import dev.jit.core.EngineSettings;
import dev.jit.core.Lifecycle;
import dev.jit.core.Lifecycle.GrantFailed;
import dev.jit.core.Lifecycle.RevocationStarted;
import dev.jit.core.Lifecycle.TimedOut;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that happens without a person: timers as they fire, the sweep that acts on overdue
 * requests whatever happened to their timers, and recovery after a restart. Every entry point is
 * idempotent: a timer delivered twice, late or early does no harm.
 */
public final class Deadlines {
  private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);
  private static final int PAGE = 500;

  private final Commits commits;
  private final Grants grants;
  private final Timers timers;
  private final RequestStore store;
  private final People people;
  private final OwnerResolver owners;
  private final EngineSettings settings;

  public Deadlines(
      Commits commits,
      Grants grants,
      Timers timers,
      RequestStore store,
      People people,
      OwnerResolver owners,
      EngineSettings settings) {
    this.commits = commits;
    this.grants = grants;
    this.timers = timers;
    this.store = store;
    this.people = people;
    this.owners = owners;
    this.settings = settings;
  }

  /** The scheduler's entry point. */
  public void onTimer(TimerKey key) {
    Optional<AccessRequest> loaded = commits.load(key.requestId());
    if (loaded.isEmpty()) {
      return;
    }
    AccessRequest r = loaded.get();
    if (key.kind() == TimerKind.NUDGE) {
      nudge(r, commits.now());
    } else if (key.kind() == TimerKind.EXPIRY_WARNING) {
      if (r.status() == ACTIVE) {
        commits.announce(NotificationKind.EXPIRING_SOON, r, Set.of(r.requester()), "");
      }
    } else {
      actIfDue(r);
    }
  }

  /** Acts on every request whose deadline has passed; how many it acted on. */
  public int sweep() {
    Set<RequestId> seen = new HashSet<>();
    int acted = 0;
    while (true) {
      List<AccessRequest> due = store.findDue(commits.now(), PAGE);
      boolean progress = false;
      for (AccessRequest r : due) {
        if (seen.add(r.id())) {
          progress = true;
          try {
            Optional<AccessRequest> current = commits.load(r.id());
            if (current.isPresent()) {
              actIfDue(current.get());
              acted++;
            }
          } catch (RuntimeException e) {
            LOG.error("sweep could not act on request {}", r.id(), e);
          }
        }
      }
      if (!progress || due.size() < PAGE) {
        return acted;
      }
    }
  }

  /**
   * Acts at once on the requests whose lease this instance held when it stopped (that work is
   * abandoned: a grant rolls back or carries on, an undo carries on); how many. Reads only the
   * requests in leased states, a page at a time: the part of recovery that must come before the
   * engine takes commands.
   */
  public int takeBack() {
    int taken = 0;
    Optional<RequestId> after = Optional.empty();
    while (true) {
      List<AccessRequest> page = store.findByStatus(Lifecycle.LEASED, after, PAGE);
      for (AccessRequest r : page) {
        if (heldHere(r)) {
          Optional<AccessRequest> current = commits.load(r.id()).filter(this::heldHere);
          if (current.isPresent()) {
            takeBack(current.get());
            taken++;
          }
        }
      }
      if (page.size() < PAGE) {
        return taken;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
  }

  private boolean heldHere(AccessRequest r) {
    return r.holder().equals(Optional.of(timers.instance())) && r.nextDeadline().isPresent();
  }

  private void takeBack(AccessRequest r) {
    LOG.info(
        "request {}: taking back the {} this instance held when it stopped", r.id(), r.status());
    timers.scheduleFor(r);
    try {
      act(r);
    } catch (RuntimeException e) {
      LOG.error(
          "could not take back request {}; its lease runs out and a timer retries", r.id(), e);
    }
  }

  /**
   * Sweeps what is due, then makes sure the timers of every open request exist, a page of the store
   * at a time ({@link Timers#arm}: with a durable scheduler mostly a read, since its timers outlive
   * the process); how many requests it armed. Runs while the engine takes commands and timers fire:
   * a page read before a command changed a request arms at worst a timer that fires early or for
   * nothing, which the engine looks at and drops or re-arms, and the sweep acts on whatever is due
   * whatever the timers. Stops between pages when its thread is interrupted.
   */
  public int rearm() {
    sweep();
    int armed = 0;
    Optional<RequestId> after = Optional.empty();
    while (!Thread.currentThread().isInterrupted()) {
      List<AccessRequest> page = store.findByStatus(Lifecycle.OPEN, after, PAGE);
      timers.arm(page);
      armed += page.size();
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    return armed;
  }

  private void actIfDue(AccessRequest r) {
    Optional<Instant> deadline = r.nextDeadline();
    if (deadline.isEmpty()) {
      return;
    }
    if (commits.now().isBefore(deadline.get())) {
      timers.scheduleFor(r);
      return;
    }
    act(r);
  }

  private void act(AccessRequest r) {
    RequestStatus s = r.status();
    if (s == PENDING) {
      commits.tryCommit(
          r,
          new TimedOut(),
          "",
          t ->
              List.of(
                  Commits.about(NotificationKind.TIMED_OUT, t, Set.of(t.requester()), t.reason())));
    } else if (s == APPROVED && r.attempts() > 0) {
      grants.grant(r, true);
    } else if (s == APPROVED) {
      String reason = "grant interrupted: the engine applying it stopped before finishing";
      commits
          .tryCommit(
              r,
              new GrantFailed(r.stepsDone(), reason),
              reason,
              Commits.tell(NotificationKind.FAILED, Set.of(r.requester()), reason))
          .ifPresent(grants::undo);
    } else if (s == ACTIVE) {
      commits.tryCommit(r, new RevocationStarted(Optional.empty()), "").ifPresent(grants::undo);
    } else if (s == GRANT_FAILED
        || s == ROLLBACK_FAILING
        || s == REVOKING
        || s == REVOCATION_FAILING) {
      grants.undo(r);
    }
  }

  private void nudge(AccessRequest r, Instant now) {
    if (r.status() != PENDING) {
      return;
    }
    try {
      Set<UserId> waiting = people.recipientsForApproval(r, owners.approvers(r.resource()));
      waiting.removeAll(r.approvers());
      if (!waiting.isEmpty()) {
        commits.announce(NotificationKind.NUDGE, r, waiting, "");
      }
    } finally {
      timers.schedule(
          TimerKind.NUDGE, r.id(), now.plus(settings.nudgeAfter()), r.approvalDeadline());
    }
  }
}
