package dev.jit.core.internal;

import static dev.jit.spi.RequestStatus.ACTIVE;
import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.GRANT_FAILED;
import static dev.jit.spi.RequestStatus.ROLLBACK_FAILING;

import dev.jit.core.EngineSettings;
import dev.jit.core.Lifecycle;
import dev.jit.core.Lifecycle.Event;
import dev.jit.core.Lifecycle.GrantFailed;
import dev.jit.core.Lifecycle.Granted;
import dev.jit.core.Lifecycle.Revoked;
import dev.jit.core.Lifecycle.RolledBack;
import dev.jit.core.Lifecycle.StepAttempted;
import dev.jit.core.Lifecycle.StepGranted;
import dev.jit.core.Lifecycle.StepPending;
import dev.jit.core.Lifecycle.UndoAttemptFailed;
import dev.jit.core.Lifecycle.UndoAttempted;
import dev.jit.core.Lifecycle.UndoPending;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.JitException;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a request's grant steps and takes them away again: the grant (in order, each verified,
 * waiting out platforms that report a step in progress), and the undo — the rollback of a failed
 * grant or the revocation of access (newest first, every step tried, retried and escalated).
 */
public final class Grants {
  private static final Logger LOG = LoggerFactory.getLogger(Grants.class);
  private static final int PAGE = 500;

  private final Commits commits;
  private final BackendCalls backends;
  private final RequestStore store;
  private final People people;
  private final EngineSettings settings;
  private final Leases leases;
  private final Map<RequestId, Integer> undoChecks = new ConcurrentHashMap<>();

  public Grants(
      Commits commits,
      BackendCalls backends,
      RequestStore store,
      People people,
      EngineSettings settings) {
    this.commits = commits;
    this.backends = backends;
    this.store = store;
    this.people = people;
    this.settings = settings;
    this.leases = new Leases(commits, settings);
  }

  /**
   * Applies the steps from {@code stepsDone} on, in order, verifying each. With {@code
   * askedAlready} the first of them was asked for earlier and reported in progress: it is checked,
   * not granted again. A step still in progress ends this call with a durable check scheduled; no
   * thread waits.
   */
  public AccessRequest grant(AccessRequest r, boolean askedAlready) {
    AccessRequest current = r;
    for (int i = current.stepsDone(); i < current.steps().size(); i++) {
      Grant grant = grantOf(current, i);
      boolean ask = !askedAlready || i != r.stepsDone();
      if (ask) {
        Optional<AccessRequest> attempted =
            commits.tryCommit(current, new StepAttempted(i), grant.step().toString());
        if (attempted.isEmpty()) {
          return commits.reload(r.id());
        }
        current = attempted.get();
      }
      Leases.Lease lease = leases.hold(current);
      GrantCheck check;
      try {
        int checksSoFar = current.attempts();
        check =
            lease.call(
                () -> {
                  if (ask) {
                    backends.grant(grant);
                  }
                  return verifiedGrant(grant, checksSoFar);
                });
        current = lease.current();
      } catch (JitException e) {
        current = lease.current();
        LOG.warn("step {} of request {} failed: {}", i, r.id(), e.getMessage());
        String reason =
            "step " + (i + 1) + " (" + grant.step().backend() + ") failed: " + e.getMessage();
        Optional<AccessRequest> failed =
            commits.tryCommit(
                current,
                new GrantFailed(i, reason),
                reason,
                Commits.tell(NotificationKind.FAILED, Set.of(r.requester()), reason));
        if (failed.isEmpty()) {
          return commits.reload(r.id());
        }
        return undo(failed.get());
      }
      Event progress = check == GrantCheck.PENDING ? new StepPending(i) : new StepGranted(i);
      Optional<AccessRequest> committed =
          commits.tryCommit(current, progress, grant.step().toString());
      if (committed.isEmpty()) {
        return lost(r.id(), grant);
      }
      if (check == GrantCheck.PENDING) {
        LOG.info("request {}: step {} is in progress at {}", r.id(), i, grant.step().backend());
        return committed.get();
      }
      current = committed.get();
    }
    Optional<AccessRequest> active =
        commits.tryCommit(
            current,
            new Granted(),
            "",
            Commits.tell(NotificationKind.GRANTED, Set.of(current.requester()), ""));
    return active.orElseGet(() -> commits.reload(r.id()));
  }

  /** The check after a grant call: held, unknown, or in progress within the allowed checks. */
  private GrantCheck verifiedGrant(Grant grant, int checksSoFar) {
    GrantCheck check = backends.check(grant);
    if (check == GrantCheck.ABSENT) {
      throw BackendException.permanent(
          grant.step().backend() + " reports the access absent after granting it");
    }
    if (check == GrantCheck.PENDING && checksSoFar >= settings.pendingChecks()) {
      throw BackendException.permanent(
          grant.step().backend()
              + " still reports the grant in progress after "
              + checksSoFar
              + " checks");
    }
    return check;
  }

  /**
   * Another engine moved the request while this one applied {@code grant}. If it is still granting
   * or active, that engine carries the step; otherwise it was given up (our lease ran out and it
   * was rolled back, perhaps already past this step), so our step must not outlive that.
   */
  private AccessRequest lost(RequestId id, Grant grant) {
    AccessRequest now = commits.reload(id);
    if (now.status() != APPROVED && now.status() != ACTIVE) {
      try {
        backends.revoke(grant);
      } catch (JitException e) {
        LOG.warn(
            "could not revoke {} after losing the request; the rollback will retry it",
            grant.step(),
            e);
      }
    }
    return now;
  }

  /**
   * One attempt to remove every step that may be applied, newest first: the rollback of a failed
   * grant, or the revocation of access. A failed attempt is recorded and retried later by the
   * scheduler; past the bound it is escalated and retries go on. A removal a platform reports in
   * progress is checked again later and is not a failure.
   */
  public AccessRequest undo(AccessRequest r) {
    boolean rollback = r.status() == GRANT_FAILED || r.status() == ROLLBACK_FAILING;
    boolean pending = false;
    JitException failure = null;
    Set<GrantStep> stillBacked = stepsOfOtherHolders(r);
    AccessRequest current = r;
    for (int i = Lifecycle.stepsPossiblyApplied(r) - 1; i >= 0; i--) {
      Grant grant = grantOf(r, i);
      if (stillBacked.contains(grant.step())) {
        LOG.info("request {}: keeping {}, another request grants it too", r.id(), grant.step());
        continue;
      }
      Optional<AccessRequest> attempted =
          commits.tryCommit(current, new UndoAttempted(i), grant.step().toString());
      if (attempted.isEmpty()) {
        undoChecks.remove(r.id());
        return commits.reload(r.id());
      }
      Leases.Lease lease = leases.hold(attempted.get());
      try {
        pending |= lease.call(() -> removed(grant)) == GrantCheck.PENDING;
      } catch (JitException e) {
        // The other steps are still removed now: one failing system must not keep the rest open.
        failure = failure == null ? e : failure;
      }
      current = lease.current();
    }
    if (failure != null) {
      undoChecks.remove(r.id());
      return failedUndo(current, rollback, failure);
    }
    if (pending) {
      int check = undoChecks.merge(r.id(), 1, Integer::sum);
      LOG.info("request {}: removal in progress, checking again (round {})", r.id(), check);
      return commits
          .tryCommit(current, new UndoPending(check), "removal in progress")
          .orElseGet(() -> commits.reload(r.id()));
    }
    undoChecks.remove(r.id());
    Event done = rollback ? new RolledBack() : new Revoked();
    Optional<AccessRequest> finished =
        commits.tryCommit(
            current,
            done,
            "",
            f ->
                List.of(
                    Commits.about(
                        rollback
                            ? NotificationKind.ROLLED_BACK
                            : f.status() == RequestStatus.REVOKED
                                ? NotificationKind.REVOKED
                                : NotificationKind.EXPIRED,
                        f,
                        Set.of(f.requester()),
                        "")));
    return finished.orElseGet(() -> commits.reload(r.id()));
  }

  /** Revokes one step and checks it: absent, or still in progress at its platform. */
  private GrantCheck removed(Grant grant) {
    backends.revoke(grant);
    GrantCheck check = backends.check(grant);
    if (check == GrantCheck.HELD) {
      throw BackendException.retryable(
          grant.step().backend() + " still reports the access after revoking it");
    }
    return check;
  }

  private AccessRequest failedUndo(AccessRequest r, boolean rollback, JitException failure) {
    int attempt = r.attempts() + 1;
    boolean escalated = attempt >= settings.escalateAfter();
    String reason =
        (rollback ? "rollback" : "revocation")
            + " attempt "
            + attempt
            + " failed: "
            + failure.getMessage();
    LOG.warn("request {}: {}", r.id(), reason);
    boolean escalate =
        escalated && (attempt - settings.escalateAfter()) % settings.escalateAfter() == 0;
    Optional<AccessRequest> failed =
        commits.tryCommit(
            r,
            new UndoAttemptFailed(reason, escalated),
            reason,
            escalate
                ? Commits.tell(NotificationKind.ESCALATION, people.escalationRecipients(r), reason)
                : Commits.Announce.NOTHING);
    return failed.orElseGet(() -> commits.reload(r.id()));
  }

  /**
   * Steps that another request of the same requester holds or may hold (two roles sharing a group,
   * or a second request for the same access): revoking them would cut access that request still
   * grants. An ACTIVE request counts with all its steps, because it is certain to revoke them when
   * it leaves that state; one still granting counts with the steps it may have applied so far, the
   * ones its own rollback would remove if it fails (the race of TEAM #279). One already undoing
   * does not count.
   */
  private Set<GrantStep> stepsOfOtherHolders(AccessRequest r) {
    Set<GrantStep> steps = new HashSet<>();
    for (AccessRequest other :
        store.findByRequester(r.requester(), EnumSet.of(ACTIVE, APPROVED), PAGE)) {
      if (!other.id().equals(r.id())) {
        steps.addAll(
            other.status() == ACTIVE
                ? other.steps()
                : other.steps().subList(0, Lifecycle.stepsPossiblyApplied(other)));
      }
    }
    return steps;
  }

  private static Grant grantOf(AccessRequest r, int index) {
    return new Grant(r.id(), r.steps().get(index), r.expiresAt().orElseThrow());
  }
}
