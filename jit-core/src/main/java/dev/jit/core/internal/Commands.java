package dev.jit.core.internal;

import static dev.jit.spi.RequestStatus.PENDING;

import dev.jit.core.Command;
import dev.jit.core.Decider;
import dev.jit.core.Decider.Accept;
import dev.jit.core.Decider.Decision;
import dev.jit.core.Decider.Reject;
import dev.jit.core.EngineSettings;
import dev.jit.core.Lifecycle.ApprovalRecorded;
import dev.jit.core.Lifecycle.Cancelled;
import dev.jit.core.Lifecycle.Denied;
import dev.jit.core.Lifecycle.Event;
import dev.jit.core.Lifecycle.QuorumReached;
import dev.jit.core.Lifecycle.RevocationStarted;
import dev.jit.core.Outcome;
import dev.jit.core.Rejection;
import dev.jit.core.policy.Policy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approvers;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Directory;
import dev.jit.spi.GroupId;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.JitException;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStore;
import dev.jit.spi.StaleVersionException;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles commands: a submission creates a request; any other command loads its request, has the
 * {@link Decider} decide with facts looked up on demand, and commits the decision — loading and
 * deciding again when another writer got there first — then does what follows (announcements, the
 * grant, the revocation).
 */
public final class Commands {
  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
  private static final int MAX_RACES = 64;

  /** Everything a submission is checked against, besides the command. */
  public record Parts(
      Supplier<Policy> policy,
      People people,
      Directory directory,
      OwnerResolver owners,
      RequestStore store,
      BackendCalls backends,
      EngineSettings settings,
      Timers timers) {}

  private final Parts parts;
  private final Commits commits;
  private final Grants grants;
  private final FollowUps followUps;

  public Commands(Parts parts, Commits commits, Grants grants, FollowUps followUps) {
    this.parts = parts;
    this.commits = commits;
    this.grants = grants;
    this.followUps = followUps;
  }

  public Outcome handle(Command command) {
    if (command instanceof Command.Submit c) {
      return submit(c, false);
    }
    if (command instanceof Command.InvokeBreakGlass c) {
      return submit(c.asSubmit(), true);
    }
    Optional<Reject> bad = Decider.checkInput(command);
    if (bad.isPresent()) {
      return Outcome.rejected(bad.get().why(), Optional.empty(), bad.get().message());
    }
    return decide((Command.OnRequest) command);
  }

  private Outcome submit(Command.Submit c, boolean breakGlass) {
    RequestId id = RequestId.forKey(c.key());
    Optional<AccessRequest> existing = commits.load(id);
    if (existing.isPresent()) {
      return repeatedSubmission(c, existing.get());
    }
    Submission.Checked checked =
        Submission.check(
            c,
            parts.policy().get(),
            parts.people(),
            parts.directory(),
            parts.owners(),
            parts.store(),
            parts.settings(),
            parts.backends()::canonical,
            breakGlass);
    if (checked.rejected().isPresent()) {
      return checked.rejected().get();
    }
    Submission.Valid valid = checked.valid().orElseThrow();
    Approvers approvers = valid.approvers();
    Instant now = commits.now();
    Instant deadline = now.plus(valid.resource().approvalTimeout());
    Optional<BreakGlass> bg =
        valid
            .breakGlass()
            .map(
                p ->
                    BreakGlass.invoked(
                        p.announce(), p.onCall(), p.reviewWithin(), p.escalateEvery()));
    int required = bg.isEmpty() ? approvers.required() : bg.get().onCall().isPresent() ? 1 : 0;
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
            .approvalDeadline(deadline)
            .requiredApprovals(required)
            .breakGlass(bg)
            .steps(valid.steps())
            .nextDeadline(Optional.of(deadline))
            .handledKeys(Map.of(c.key().value(), PENDING))
            .build();
    String action = bg.isPresent() ? "break_glass_requested" : "submitted";
    try {
      commits.create(
          request,
          new AuditEntry(now, action, c.requester().value(), "", request),
          bg.isPresent()
              ? followUps.invocation(approvers)
              : Commits.tell(
                  NotificationKind.PENDING,
                  parts.people().recipientsForApproval(request, approvers),
                  ""),
          () -> {
            if (required > 0) {
              parts
                  .timers()
                  .schedule(TimerKind.NUDGE, id, now.plus(parts.settings().nudgeAfter()), deadline);
            }
          });
    } catch (StaleVersionException e) {
      return repeatedSubmission(c, commits.load(id).orElseThrow(() -> e));
    }
    if (bg.isPresent()) {
      AccessRequest r = followUps.invoked(request);
      return Outcome.accepted(r.status(), r, Texts.messageFor(r));
    }
    return Outcome.accepted(
        PENDING,
        request,
        "Request submitted; waiting for " + approvers.required() + " approval(s).");
  }

  /**
   * Loads the request, decides, commits; when another writer got there first, loads again and
   * decides again. The idempotency key is checked against the freshly loaded request every time, so
   * a key committed by a racing engine turns into a duplicate here.
   */
  private Outcome decide(Command.OnRequest command) {
    RequestId id = command.requestId();
    IdempotencyKey key = command.key();
    long lostAt = -1;
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<AccessRequest> loaded = commits.load(id);
      if (loaded.isEmpty()) {
        return Outcome.rejected(
            Rejection.UNKNOWN_REQUEST, Optional.empty(), "There is no request " + id + ".");
      }
      AccessRequest r = loaded.get();
      if (r.version() == lostAt) {
        // The next version is taken by a record the log holds and jit refuses (see RequestLog).
        return Outcome.rejected(
            Rejection.UNVERIFIABLE,
            Optional.of(r),
            "This request is held for a security review: its history cannot be verified. The"
                + " admins have been told; nothing was changed.");
      }
      if (r.handledKeys().containsKey(key.value())) {
        return Outcome.duplicate(r, r.handledKeys().get(key.value()));
      }
      Decision d;
      try {
        d = Decider.decide(command, r, new LookedUp(r, commits.now()));
      } catch (JitException e) {
        LOG.warn("decision on {} could not be verified", id, e);
        return Outcome.rejected(
            Rejection.UNVERIFIABLE,
            Optional.of(r),
            "The directory could not be reached to verify this; please try again shortly.");
      }
      if (d instanceof Reject no) {
        // Refusals are for operators to see too: who tried what on which request, and why not.
        LOG.warn(
            "refused {} by {} on request {}: {}",
            command.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
            command.actor().value(),
            id,
            no.why());
        return Outcome.rejected(no.why(), Optional.of(r), no.message());
      }
      Accept yes = (Accept) d;
      AccessRequest next;
      try {
        next =
            commits.commit(
                r,
                yes.event(),
                yes.actor(),
                yes.detail(),
                Optional.of(key),
                n -> announcements(yes.event(), n));
      } catch (StaleVersionException e) {
        lostAt = r.version();
        continue;
      }
      AccessRequest now =
          followUps.after(r, next, yes.event()).orElseGet(() -> after(next, yes.event()));
      return Outcome.accepted(next.status(), now, Texts.messageFor(now));
    }
    throw new JitException("request " + id + " is changing too fast to decide on; try again");
  }

  /** What a committed command tells people, from the request as it leaves it. */
  private List<Notification> announcements(Event event, AccessRequest next) {
    Set<UserId> requester = Set.of(next.requester());
    if (event instanceof ApprovalRecorded) {
      return List.of(Commits.about(NotificationKind.APPROVAL_RECORDED, next, requester, ""));
    } else if (event instanceof QuorumReached) {
      return List.of(Commits.about(NotificationKind.APPROVED, next, requester, ""));
    } else if (event instanceof Denied d) {
      return List.of(Commits.about(NotificationKind.DENIED, next, requester, d.reason()));
    } else if (event instanceof Cancelled) {
      return List.of(Commits.about(NotificationKind.CANCELLED, next, Set.of(), ""));
    }
    return followUps.announcements(event, next);
  }

  /** Work that follows a committed command: grants, revocations. */
  private AccessRequest after(AccessRequest next, Event event) {
    if (event instanceof QuorumReached) {
      return grants.grant(next, false);
    } else if (event instanceof RevocationStarted) {
      return grants.undo(next);
    }
    return next;
  }

  /**
   * The facts of one decision, each looked up on first use and remembered: the owners and the
   * directory are asked at most once per person and decision, and not at all for a refusal that
   * needs no lookup.
   */
  private final class LookedUp implements Decider.Facts {
    private final AccessRequest request;
    private final Instant now;
    private Approvers approvers;
    private final Map<UserId, Boolean> active = new HashMap<>();

    LookedUp(AccessRequest request, Instant now) {
      this.request = request;
      this.now = now;
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public boolean isApprover(UserId user) {
      if (approvers == null) {
        approvers = parts.owners().approvers(request.resource());
      }
      return parts.people().isEligible(user, approvers);
    }

    @Override
    public boolean isActive(UserId user) {
      return active.computeIfAbsent(user, parts.people()::isActive);
    }

    @Override
    public boolean isAdmin(UserId user) {
      return parts.policy().get().admins().contains(user);
    }

    @Override
    public boolean isOnCall(UserId user) {
      Optional<GroupId> onCall = request.breakGlass().flatMap(BreakGlass::onCall);
      return onCall.isPresent() && parts.people().inAny(Set.of(onCall.get()), user);
    }

    @Override
    public Optional<Decider.ExtensionRules> extensionRules() {
      return parts
          .policy()
          .get()
          .resource(request.resource())
          .filter(rp -> rp.extensionApprovals() > 0)
          .map(
              rp ->
                  new Decider.ExtensionRules(
                      rp.extensionApprovals(),
                      rp.maxTotal(request.role(), request.isBreakGlass()),
                      rp.approvalTimeout()));
    }
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
    return Outcome.duplicate(
        first, first.handledKeys().getOrDefault(c.key().value(), first.status()));
  }
}
