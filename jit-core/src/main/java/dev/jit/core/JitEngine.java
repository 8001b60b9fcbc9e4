package dev.jit.core;

import static dev.jit.spi.RequestStatus.ACTIVE;
import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.GRANT_FAILED;
import static dev.jit.spi.RequestStatus.PENDING;
import static dev.jit.spi.RequestStatus.REVOCATION_FAILING;
import static dev.jit.spi.RequestStatus.REVOKING;
import static dev.jit.spi.RequestStatus.ROLLBACK_FAILING;

import dev.jit.core.Lifecycle.ApprovalRecorded;
import dev.jit.core.Lifecycle.Cancelled;
import dev.jit.core.Lifecycle.Denied;
import dev.jit.core.Lifecycle.Event;
import dev.jit.core.Lifecycle.GrantFailed;
import dev.jit.core.Lifecycle.Granted;
import dev.jit.core.Lifecycle.QuorumReached;
import dev.jit.core.Lifecycle.RevocationStarted;
import dev.jit.core.Lifecycle.Revoked;
import dev.jit.core.Lifecycle.RolledBack;
import dev.jit.core.Lifecycle.StepGranted;
import dev.jit.core.Lifecycle.StepPending;
import dev.jit.core.Lifecycle.TimedOut;
import dev.jit.core.Lifecycle.UndoAttemptFailed;
import dev.jit.core.Lifecycle.UndoPending;
import dev.jit.core.internal.BackendCalls;
import dev.jit.core.internal.People;
import dev.jit.core.internal.Reconciler;
import dev.jit.core.internal.RequestLog;
import dev.jit.core.internal.Texts;
import dev.jit.core.internal.Timers;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.Approvers;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.BackendException;
import dev.jit.spi.Directory;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.JitException;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.Scheduler;
import dev.jit.spi.StaleVersionException;
import dev.jit.spi.StepRules;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-request engine: validates commands against the policy, moves requests through the
 * {@link Lifecycle}, grants and revokes through the backends, and keeps the audit log.
 *
 * <p>The engine holds no state of its own: everything lives in the store, audit log and scheduler,
 * so any number of engines may share them, and a new engine finishes or undoes whatever a stopped
 * one left in flight. It is thread-safe. Grants run on the thread of the approval that completes
 * the quorum; wrap calls in an executor if the caller must not wait (jit-slack does).
 *
 * <p>Safety rules it keeps: a grant runs exactly once per approved request (the approval that
 * completes the quorum is committed once, by one engine); failing steps are rolled back, newest
 * first, including the one whose call failed; revocations are retried without end and escalated; an
 * unverifiable step fails closed.
 */
public final class JitEngine {
  private static final Logger LOG = LoggerFactory.getLogger(JitEngine.class);
  private static final String SYSTEM = "system";
  private static final int MAX_RACES = 64;
  private static final int PAGE = 500;
  private static final Set<RequestStatus> OPEN = Lifecycle.OPEN;

  private final Supplier<Policy> policy;
  private final RequestStore store;
  private final AuditLog audit;
  private final RequestLog requests;
  private final Scheduler scheduler;
  private final OwnerResolver owners;
  private final Directory directory;
  private final BackendCalls backends;
  private final Notifier notifier;
  private final Clock clock;
  private final EngineSettings settings;
  private final People people;
  private final Timers timers;
  private final Reconciler reconciler;
  private final Map<RequestId, Integer> undoChecks = new ConcurrentHashMap<>();

  private JitEngine(Builder b) {
    this.policy = b.policy;
    this.store = b.store;
    this.audit = b.audit;
    this.requests = new RequestLog(b.store, b.audit);
    this.scheduler = b.scheduler;
    this.owners = b.owners;
    this.directory = b.directory;
    this.backends =
        new BackendCalls(b.backends, b.settings.backendAttempts(), b.settings.backendBackoff());
    this.notifier = b.notifier;
    this.clock = b.clock;
    this.settings = b.settings;
    this.people = new People(b.directory, b.owners, b.policy);
    this.timers = new Timers(b.scheduler, b.settings);
    this.reconciler = new Reconciler(backends, b.store, b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- commands

  /**
   * Applies a command. Never throws for bad input: a refused command is a {@link
   * Outcome.Result#REJECTED}.
   */
  public Outcome handle(Command command) {
    if (command instanceof Command.Submit c) {
      return submit(c);
    } else if (command instanceof Command.Approve c) {
      return approve(c);
    } else if (command instanceof Command.Deny c) {
      return deny(c);
    } else if (command instanceof Command.Cancel c) {
      return cancel(c);
    } else if (command instanceof Command.Revoke c) {
      return revoke(c);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** The request as committed, if it exists. */
  public Optional<AccessRequest> find(RequestId id) {
    return requests.load(id);
  }

  /**
   * A person's requests in any of {@code statuses}, newest first: "my grants", "my pending
   * requests".
   */
  public List<AccessRequest> requestsOf(UserId requester, Set<RequestStatus> statuses, int limit) {
    return store.findByRequester(requester, statuses, limit);
  }

  /**
   * Pending requests {@code approver} may approve and has not approved yet, oldest first. Reads
   * every pending request, so call it for one person at a time (an App Home view), not in a loop
   * over everyone.
   *
   * @throws JitException when the directory or owner lookup fails
   */
  public List<AccessRequest> awaitingApprovalBy(UserId approver, int limit) {
    List<AccessRequest> out = new ArrayList<>();
    Optional<RequestId> after = Optional.empty();
    while (out.size() < limit) {
      List<AccessRequest> page = store.findByStatus(EnumSet.of(PENDING), after, PAGE);
      for (AccessRequest r : page) {
        if (out.size() < limit
            && !r.requester().equals(approver)
            && !r.approvers().contains(approver)
            && people.isEligible(approver, people.approversOf(r))) {
          out.add(r);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    out.sort(java.util.Comparator.comparing(AccessRequest::createdAt));
    return out;
  }

  /** Active grants of everyone, oldest id first, for admin views. */
  public List<AccessRequest> activeRequests(int limit) {
    return store.findByStatus(EnumSet.of(ACTIVE), Optional.empty(), limit);
  }

  /** The policy in force. */
  public Policy policy() {
    return policy.get();
  }

  /** The rules submissions are checked by, for forms that validate as people type. */
  public SubmissionRules submissionRules() {
    return SubmissionRules.of(settings);
  }

  private Outcome submit(Command.Submit c) {
    RequestId id = RequestId.forKey(c.key());
    Optional<AccessRequest> existing = requests.load(id);
    if (existing.isPresent()) {
      return repeatedSubmission(c, existing.get());
    }
    Submission.Checked checked =
        Submission.check(
            c, policy.get(), people, directory, owners, store, settings, backends::canonical);
    if (checked.rejected().isPresent()) {
      return checked.rejected().get();
    }
    Submission.Valid valid = checked.valid().orElseThrow();
    ResourcePolicy rp = valid.resource();
    Approvers approvers = valid.approvers();
    Instant now = now();
    AccessRequest request =
        new AccessRequest.Builder()
            .id(id)
            .version(1)
            .requester(c.requester())
            .resource(c.resource())
            .role(c.role())
            .duration(c.duration())
            .justification(valid.justification())
            .ticket(valid.ticket())
            .status(PENDING)
            .createdAt(now)
            .approvalDeadline(now.plus(rp.approvalTimeout()))
            .requiredApprovals(approvers.required())
            .steps(valid.steps())
            .nextDeadline(Optional.of(now.plus(rp.approvalTimeout())))
            .handledKeys(Map.of(c.key().value(), PENDING))
            .build();
    timers.scheduleFor(request);
    timers.schedule(
        TimerKind.NUDGE, id, now.plus(settings.nudgeAfter()), request.approvalDeadline());
    try {
      requests.commit(new AuditEntry(now, "submitted", c.requester().value(), "", request));
    } catch (StaleVersionException e) {
      AccessRequest first = requests.load(id).orElseThrow(() -> e);
      return repeatedSubmission(c, first);
    }
    announce(
        NotificationKind.PENDING, request, people.recipientsForApproval(request, approvers), "");
    return Outcome.accepted(
        PENDING,
        request,
        "Request submitted; waiting for " + approvers.required() + " approval(s).");
  }

  private Outcome approve(Command.Approve c) {
    return decide(
        c.requestId(),
        c.key(),
        r -> {
          if (r.status() != PENDING) {
            return Decision.reject(
                Rejection.NOT_PENDING, "This request is already " + Texts.describe(r) + ".");
          }
          if (!now().isBefore(r.approvalDeadline())) {
            return Decision.reject(
                Rejection.NOT_PENDING,
                "The time to approve this request ended at " + r.approvalDeadline() + ".");
          }
          if (c.approver().equals(r.requester())) {
            return Decision.reject(Rejection.SELF_APPROVAL, "You cannot approve your own request.");
          }
          Approvers approvers = owners.approvers(r.resource());
          if (!people.isEligible(c.approver(), approvers)) {
            return Decision.reject(
                Rejection.NOT_AN_APPROVER, "You are not an approver of " + r.resource() + ".");
          }
          if (!people.isActive(c.approver())) {
            return Decision.reject(
                Rejection.INACTIVE_USER, "Your account is not active in the directory.");
          }
          if (r.approvers().contains(c.approver())) {
            return Decision.reject(
                Rejection.ALREADY_APPROVED, "You have already approved this request.");
          }
          if (!people.isActive(r.requester())) {
            return Decision.reject(
                Rejection.INACTIVE_USER,
                "The requester's account is no longer active in the directory.");
          }
          List<Approval> counting = new ArrayList<>();
          for (Approval a : r.approvals()) {
            if (people.isEligible(a.approver(), approvers) && people.isActive(a.approver())) {
              counting.add(a);
            }
          }
          Approval approval = new Approval(c.approver(), now());
          String dropped =
              counting.size() == r.approvals().size()
                  ? ""
                  : "approvals no longer counted: "
                      + r.approvals().stream()
                          .filter(a -> !counting.contains(a))
                          .map(a -> a.approver().value())
                          .toList();
          Event event =
              counting.size() + 1 >= r.requiredApprovals()
                  ? new QuorumReached(approval, counting)
                  : new ApprovalRecorded(approval, counting);
          return Decision.of(event, c.approver().value(), dropped);
        });
  }

  private Outcome deny(Command.Deny c) {
    String reason = c.reason().strip();
    Optional<String> bad = Texts.checkText(reason, 1, 500);
    if (bad.isPresent()) {
      return reject(Rejection.INVALID_REASON, "The reason " + bad.get());
    }
    return decide(
        c.requestId(),
        c.key(),
        r -> {
          if (r.status() != PENDING) {
            return Decision.reject(
                Rejection.NOT_PENDING, "This request is already " + Texts.describe(r) + ".");
          }
          if (c.approver().equals(r.requester())) {
            return Decision.reject(
                Rejection.SELF_APPROVAL, "You cannot decide your own request; cancel it instead.");
          }
          if (!people.isEligible(c.approver(), owners.approvers(r.resource()))) {
            return Decision.reject(
                Rejection.NOT_AN_APPROVER, "You are not an approver of " + r.resource() + ".");
          }
          if (!people.isActive(c.approver())) {
            return Decision.reject(
                Rejection.INACTIVE_USER, "Your account is not active in the directory.");
          }
          return Decision.of(new Denied(c.approver(), reason), c.approver().value(), reason);
        });
  }

  private Outcome cancel(Command.Cancel c) {
    return decide(
        c.requestId(),
        c.key(),
        r -> {
          if (!c.requester().equals(r.requester())) {
            return Decision.reject(
                Rejection.NOT_REQUESTER, "Only the requester can cancel a request.");
          }
          if (r.status() != PENDING) {
            return Decision.reject(
                Rejection.NOT_PENDING, "This request is already " + Texts.describe(r) + ".");
          }
          return Decision.of(new Cancelled(c.requester()), c.requester().value(), "");
        });
  }

  private Outcome revoke(Command.Revoke c) {
    return decide(
        c.requestId(),
        c.key(),
        r -> {
          boolean admin = policy.get().admins().contains(c.actor());
          if (!admin && !c.actor().equals(r.requester())) {
            return Decision.reject(
                Rejection.NOT_ALLOWED_TO_REVOKE,
                "Only the requester or an admin can revoke this access.");
          }
          if (r.status() != ACTIVE) {
            return Decision.reject(
                Rejection.NOT_ACTIVE,
                "This access is not active: it is " + Texts.describe(r) + ".");
          }
          return Decision.of(new RevocationStarted(Optional.of(c.actor())), c.actor().value(), "");
        });
  }

  /** What a command decided, before it is committed. */
  private record Decision(
      Optional<Event> event, String actor, String detail, Rejection rejection, String message) {
    static Decision of(Event event, String actor, String detail) {
      return new Decision(Optional.of(event), actor, detail, null, "");
    }

    static Decision reject(Rejection why, String message) {
      return new Decision(Optional.empty(), "", "", why, message);
    }
  }

  /**
   * Loads the request, decides, commits; when another writer got there first, loads again and
   * decides again. The idempotency key is checked against the freshly loaded request every time, so
   * a key committed by a racing engine turns into a duplicate here.
   */
  private Outcome decide(
      RequestId id, IdempotencyKey key, Function<AccessRequest, Decision> decider) {
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<AccessRequest> loaded = requests.load(id);
      if (loaded.isEmpty()) {
        return reject(Rejection.UNKNOWN_REQUEST, "There is no request " + id + ".");
      }
      AccessRequest r = loaded.get();
      if (r.handledKeys().containsKey(key.value())) {
        return Outcome.duplicate(r, r.handledKeys().get(key.value()));
      }
      Decision d;
      try {
        d = decider.apply(r);
      } catch (JitException e) {
        LOG.warn("decision on {} could not be verified", id, e);
        return Outcome.rejected(
            Rejection.UNVERIFIABLE,
            Optional.of(r),
            "The directory could not be reached to verify this; please try again shortly.");
      }
      if (d.event().isEmpty()) {
        return Outcome.rejected(d.rejection(), Optional.of(r), d.message());
      }
      AccessRequest next;
      try {
        next = commit(r, d.event().get(), d.actor(), d.detail(), Optional.of(key));
      } catch (StaleVersionException e) {
        continue;
      }
      AccessRequest now = after(r, next, d.event().get());
      return Outcome.accepted(next.status(), now, Texts.messageFor(now));
    }
    throw new JitException("request " + id + " is changing too fast to decide on; try again");
  }

  /** Work that follows a committed command: announcements, grants, revocations. */
  private AccessRequest after(AccessRequest before, AccessRequest next, Event event) {
    if (event instanceof ApprovalRecorded) {
      announce(NotificationKind.APPROVAL_RECORDED, next, Set.of(next.requester()), "");
      return next;
    } else if (event instanceof QuorumReached) {
      announce(NotificationKind.APPROVED, next, Set.of(next.requester()), "");
      return runGrant(next);
    } else if (event instanceof Denied d) {
      announce(NotificationKind.DENIED, next, Set.of(next.requester()), d.reason());
    } else if (event instanceof Cancelled) {
      announce(NotificationKind.CANCELLED, next, Set.of(), "");
    } else if (event instanceof TimedOut) {
      announce(NotificationKind.TIMED_OUT, next, Set.of(next.requester()), next.reason());
    } else if (event instanceof RevocationStarted) {
      return runUndo(next);
    }
    return next;
  }

  // ---------------------------------------------------------------- grant and undo

  private AccessRequest runGrant(AccessRequest r) {
    return grantSteps(r, false);
  }

  /**
   * Applies the steps from {@code stepsDone} on, in order, verifying each. With {@code
   * askedAlready} the first of them was asked for earlier and reported in progress: it is checked,
   * not granted again. A step still in progress ends this call with a durable check scheduled; no
   * thread waits.
   */
  private AccessRequest grantSteps(AccessRequest r, boolean askedAlready) {
    AccessRequest current = r;
    for (int i = current.stepsDone(); i < current.steps().size(); i++) {
      Grant grant = grantOf(current, i);
      GrantCheck check;
      try {
        if (!askedAlready || i != r.stepsDone()) {
          backends.grant(grant);
        }
        check = backends.check(grant);
        if (check == GrantCheck.ABSENT) {
          throw BackendException.permanent(
              grant.step().backend() + " reports the access absent after granting it");
        }
        if (check == GrantCheck.PENDING && current.attempts() >= settings.pendingChecks()) {
          throw BackendException.permanent(
              grant.step().backend()
                  + " still reports the grant in progress after "
                  + current.attempts()
                  + " checks");
        }
      } catch (JitException e) {
        LOG.warn("step {} of request {} failed: {}", i, r.id(), e.getMessage());
        String reason =
            "step " + (i + 1) + " (" + grant.step().backend() + ") failed: " + e.getMessage();
        Optional<AccessRequest> failed =
            tryCommit(current, new GrantFailed(i, reason), SYSTEM, reason);
        if (failed.isEmpty()) {
          return requests.load(r.id()).orElseThrow();
        }
        announce(NotificationKind.FAILED, failed.get(), Set.of(r.requester()), reason);
        return runUndo(failed.get());
      }
      Event progress = check == GrantCheck.PENDING ? new StepPending(i) : new StepGranted(i);
      Optional<AccessRequest> committed =
          tryCommit(current, progress, SYSTEM, grant.step().toString());
      if (committed.isEmpty()) {
        return lostGrant(r.id(), grant);
      }
      if (check == GrantCheck.PENDING) {
        LOG.info("request {}: step {} is in progress at {}", r.id(), i, grant.step().backend());
        return committed.get();
      }
      current = committed.get();
    }
    Optional<AccessRequest> active = tryCommit(current, new Granted(), SYSTEM, "");
    if (active.isEmpty()) {
      return requests.load(r.id()).orElseThrow();
    }
    AccessRequest a = active.get();
    announce(NotificationKind.GRANTED, a, Set.of(a.requester()), "");
    return a;
  }

  /**
   * Another engine moved the request while this one applied {@code grant}. If it is still granting
   * or active, that engine carries the step; otherwise it was given up (our lease ran out and it
   * was rolled back, perhaps already past this step), so our step must not outlive that.
   */
  private AccessRequest lostGrant(RequestId id, Grant grant) {
    AccessRequest now = requests.load(id).orElseThrow();
    if (now.status() != APPROVED && now.status() != ACTIVE) {
      revokeQuietly(grant);
    }
    return now;
  }

  /**
   * One attempt to remove every step that may be applied, newest first: the rollback of a failed
   * grant, or the revocation of access. A failed attempt is recorded and retried later by the
   * scheduler; past the bound it is escalated and retries go on.
   */
  private AccessRequest runUndo(AccessRequest r) {
    boolean rollback = r.status() == GRANT_FAILED || r.status() == ROLLBACK_FAILING;
    boolean pending = false;
    JitException failure = null;
    Set<GrantStep> stillBacked = stepsOfOtherHolders(r);
    for (int i = Lifecycle.stepsPossiblyApplied(r) - 1; i >= 0; i--) {
      Grant grant = grantOf(r, i);
      if (stillBacked.contains(grant.step())) {
        LOG.info("request {}: keeping {}, another request grants it too", r.id(), grant.step());
        continue;
      }
      try {
        backends.revoke(grant);
        GrantCheck check = backends.check(grant);
        if (check == GrantCheck.HELD) {
          throw BackendException.retryable(
              grant.step().backend() + " still reports the access after revoking it");
        }
        pending |= check == GrantCheck.PENDING;
      } catch (JitException e) {
        // The other steps are still removed now: one failing system must not keep the rest open.
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      undoChecks.remove(r.id());
      int attempt = r.attempts() + 1;
      boolean escalated = attempt >= settings.escalateAfter();
      String reason =
          (rollback ? "rollback" : "revocation")
              + " attempt "
              + attempt
              + " failed: "
              + failure.getMessage();
      LOG.warn("request {}: {}", r.id(), reason);
      Optional<AccessRequest> failed =
          tryCommit(r, new UndoAttemptFailed(reason, escalated), SYSTEM, reason);
      if (failed.isPresent()
          && escalated
          && (attempt - settings.escalateAfter()) % settings.escalateAfter() == 0) {
        announce(NotificationKind.ESCALATION, failed.get(), people.escalationRecipients(r), reason);
      }
      return failed.orElseGet(() -> requests.load(r.id()).orElseThrow());
    }
    if (pending) {
      int check = undoChecks.merge(r.id(), 1, Integer::sum);
      LOG.info("request {}: removal in progress, checking again (round {})", r.id(), check);
      return tryCommit(r, new UndoPending(check), SYSTEM, "removal in progress")
          .orElseGet(() -> requests.load(r.id()).orElseThrow());
    }
    undoChecks.remove(r.id());
    Event done = rollback ? new RolledBack() : new Revoked();
    Optional<AccessRequest> finished = tryCommit(r, done, SYSTEM, "");
    if (finished.isEmpty()) {
      return requests.load(r.id()).orElseThrow();
    }
    AccessRequest f = finished.get();
    NotificationKind kind =
        rollback
            ? NotificationKind.ROLLED_BACK
            : f.status() == RequestStatus.REVOKED
                ? NotificationKind.REVOKED
                : NotificationKind.EXPIRED;
    announce(kind, f, Set.of(f.requester()), "");
    return f;
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

  private void revokeQuietly(Grant grant) {
    try {
      backends.revoke(grant);
    } catch (JitException e) {
      LOG.warn(
          "could not revoke {} after losing the request; the rollback will retry it",
          grant.step(),
          e);
    }
  }

  private static Grant grantOf(AccessRequest r, int index) {
    return new Grant(r.id(), r.steps().get(index), r.expiresAt().orElseThrow());
  }

  // ---------------------------------------------------------------- timers and sweeps

  /** Starts delivering timers to this engine. Call {@link #recover()} once at start as well. */
  public void start() {
    scheduler.start(this::onTimer);
  }

  /** Stops delivering timers; work in flight completes. */
  public void stop() {
    scheduler.stop();
  }

  /**
   * The scheduler's entry point. Idempotent: a timer delivered twice, late or early does no harm.
   */
  public void onTimer(TimerKey key) {
    Optional<AccessRequest> loaded = requests.load(key.requestId());
    if (loaded.isEmpty()) {
      return;
    }
    AccessRequest r = loaded.get();
    Instant now = now();
    if (key.kind() == TimerKind.NUDGE) {
      nudge(r, now);
    } else if (key.kind() == TimerKind.EXPIRY_WARNING) {
      if (r.status() == ACTIVE) {
        announce(NotificationKind.EXPIRING_SOON, r, Set.of(r.requester()), "");
      }
    } else {
      actIfDue(r);
    }
  }

  /**
   * Acts on every request whose deadline has passed, whatever happened to its timers: the safety
   * net that keeps access from outliving its expiry when timers were lost. Run it periodically
   * (every minute or so).
   *
   * @return how many requests it acted on
   */
  public int sweep() {
    Set<RequestId> seen = new HashSet<>();
    int acted = 0;
    while (true) {
      List<AccessRequest> due = store.findDue(now(), PAGE);
      boolean progress = false;
      for (AccessRequest r : due) {
        if (seen.add(r.id())) {
          progress = true;
          try {
            Optional<AccessRequest> current = requests.load(r.id());
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
   * Brings timers back in line with the store (after a restart, or a crash that lost a timer) and
   * sweeps. Safe to call at any time, from any number of engines.
   */
  public void recover() {
    Optional<RequestId> after = Optional.empty();
    while (true) {
      List<AccessRequest> page = store.findByStatus(OPEN, after, PAGE);
      for (AccessRequest r : page) {
        requests.load(r.id()).ifPresent(timers::scheduleFor);
      }
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    sweep();
  }

  private void actIfDue(AccessRequest r) {
    Instant now = now();
    Optional<Instant> deadline = r.nextDeadline();
    if (deadline.isEmpty()) {
      return;
    }
    if (now.isBefore(deadline.get())) {
      timers.scheduleFor(r);
      return;
    }
    RequestStatus s = r.status();
    if (s == PENDING) {
      tryCommit(r, new TimedOut(), SYSTEM, "").ifPresent(t -> after(r, t, new TimedOut()));
    } else if (s == APPROVED && r.attempts() > 0) {
      grantSteps(r, true);
    } else if (s == APPROVED) {
      String reason = "grant interrupted: the engine applying it stopped before finishing";
      Optional<AccessRequest> failed =
          tryCommit(r, new GrantFailed(r.stepsDone(), reason), SYSTEM, reason);
      failed.ifPresent(
          f -> {
            announce(NotificationKind.FAILED, f, Set.of(f.requester()), reason);
            runUndo(f);
          });
    } else if (s == ACTIVE) {
      RevocationStarted expiry = new RevocationStarted(Optional.empty());
      tryCommit(r, expiry, SYSTEM, "").ifPresent(this::runUndo);
    } else if (s == GRANT_FAILED
        || s == ROLLBACK_FAILING
        || s == REVOKING
        || s == REVOCATION_FAILING) {
      runUndo(r);
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
        announce(NotificationKind.NUDGE, r, waiting, "");
      }
    } finally {
      timers.schedule(
          TimerKind.NUDGE, r.id(), now.plus(settings.nudgeAfter()), r.approvalDeadline());
    }
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * Compares what each listing backend holds with the requests that may hold access, and revokes
   * what nothing backs. Holdings are read before requests, so a grant that starts meanwhile is
   * never mistaken for drift. Run it periodically (hourly, say).
   */
  public ReconciliationReport reconcile() {
    return reconciler.run();
  }

  // ---------------------------------------------------------------- commit and announcements

  /**
   * The time, cut to milliseconds: every database keeps that precision, so a snapshot reads back
   * exactly as it was hashed into the audit chain.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private Optional<AccessRequest> tryCommit(AccessRequest r, Event e, String actor, String detail) {
    try {
      return Optional.of(commit(r, e, actor, detail, Optional.empty()));
    } catch (StaleVersionException lost) {
      return Optional.empty();
    }
  }

  /**
   * Evolves {@code r} by {@code event}, schedules the timer its next state needs (before
   * committing: a timer without a state change is harmless, a state change without its timer is
   * not), then commits.
   */
  private AccessRequest commit(
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

  private void announce(NotificationKind kind, AccessRequest r, Set<UserId> to, String detail) {
    try {
      notifier.notify(new Notification(kind, r, to, detail));
    } catch (RuntimeException e) {
      LOG.warn(
          "notifier failed for {} of request {}; the request state is unaffected", kind, r.id(), e);
    }
  }

  private static Outcome reject(Rejection why, String message) {
    return Outcome.rejected(why, Optional.empty(), message);
  }

  /**
   * The answer to a submission whose key already names a request: that request, if it is the same
   * person's; otherwise a refusal that shows nothing of someone else's request.
   */
  private static Outcome repeatedSubmission(Command.Submit c, AccessRequest first) {
    if (!first.requester().equals(c.requester())) {
      LOG.warn(
          "{} submitted with the key of another person's request {}", c.requester(), first.id());
      return Outcome.rejected(
          Rejection.KEY_IN_USE,
          Optional.empty(),
          "This request could not be submitted; please try again.");
    }
    return Outcome.duplicate(first, firstStatus(first, c.key()));
  }

  private static RequestStatus firstStatus(AccessRequest r, IdempotencyKey key) {
    return r.handledKeys().getOrDefault(key.value(), r.status());
  }

  /** Wires an engine. Every part is required except the settings and the clock. */
  public static final class Builder {
    private Supplier<Policy> policy;
    private RequestStore store;
    private AuditLog audit;
    private Scheduler scheduler;
    private OwnerResolver owners;
    private Directory directory;
    private final Map<String, GrantBackend> backends = new HashMap<>();
    private Notifier notifier;
    private Clock clock = Clock.systemUTC();
    private EngineSettings settings = EngineSettings.defaults();

    private Builder() {}

    public Builder policy(Policy policy) {
      Objects.requireNonNull(policy, "policy");
      this.policy = () -> policy;
      return this;
    }

    /** A policy that may change at run time (reloaded from a file); read at every command. */
    public Builder policy(Supplier<Policy> policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder store(RequestStore store) {
      this.store = store;
      return this;
    }

    public Builder auditLog(AuditLog audit) {
      this.audit = audit;
      return this;
    }

    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Builder owners(OwnerResolver owners) {
      this.owners = owners;
      return this;
    }

    public Builder directory(Directory directory) {
      this.directory = directory;
      return this;
    }

    /** Registers a backend under its {@link GrantBackend#type()}. */
    public Builder backend(GrantBackend backend) {
      if (backends.putIfAbsent(backend.type(), backend) != null) {
        throw new IllegalArgumentException("two grant backends of type " + backend.type());
      }
      return this;
    }

    public Builder notifier(Notifier notifier) {
      this.notifier = notifier;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder settings(EngineSettings settings) {
      this.settings = settings;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @throws IllegalStateException when a part is missing, or a grant step of the policy names a
     *     backend that is not registered or does not fit its {@link StepRules} (each problem named)
     */
    public JitEngine build() {
      require(policy, "policy");
      require(store, "store");
      require(audit, "auditLog");
      require(scheduler, "scheduler");
      require(owners, "owners");
      require(directory, "directory");
      require(notifier, "notifier");
      require(clock, "clock");
      require(settings, "settings");
      Map<String, StepRules> rules = new HashMap<>();
      backends.forEach((name, backend) -> rules.put(name, backend.stepRules()));
      List<String> problems = PolicySteps.problems(policy.get(), rules);
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "the policy's grant steps do not fit the registered backends: "
                + String.join("; ", problems));
      }
      return new JitEngine(this);
    }

    private static void require(Object part, String name) {
      if (part == null) {
        throw new IllegalStateException("JitEngine needs a " + name);
      }
    }
  }
}
