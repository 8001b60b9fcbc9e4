package dev.jit.core;

import static dev.jit.spi.RequestStatus.ACTIVE;
import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.CANCELLED;
import static dev.jit.spi.RequestStatus.DENIED;
import static dev.jit.spi.RequestStatus.EXPIRED;
import static dev.jit.spi.RequestStatus.GRANT_FAILED;
import static dev.jit.spi.RequestStatus.PENDING;
import static dev.jit.spi.RequestStatus.REVOCATION_FAILING;
import static dev.jit.spi.RequestStatus.REVOKED;
import static dev.jit.spi.RequestStatus.REVOKING;
import static dev.jit.spi.RequestStatus.ROLLBACK_FAILING;
import static dev.jit.spi.RequestStatus.ROLLED_BACK;
import static dev.jit.spi.RequestStatus.TIMED_OUT;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request state machine: the one table of legal transitions, the events that move a request,
 * and the pure function {@link #evolve} that applies an event to a snapshot.
 *
 * <pre>
 * PENDING ─quorum─▶ APPROVED ─all steps granted─▶ ACTIVE ─expiry or revoke─▶ REVOKING ─▶ EXPIRED | REVOKED
 *   │                  │                                                      │ (retries)     ▲
 *   ├─deny─▶ DENIED    └─step failed─▶ GRANT_FAILED ─▶ ROLLED_BACK             ▼               │
 *   ├─timeout─▶ TIMED_OUT                 │ (retries)     ▲            REVOCATION_FAILING ─────┘
 *   └─cancel─▶ CANCELLED                  ▼               │            (escalated; retries go on)
 *                                  ROLLBACK_FAILING ──────┘
 *                                  (escalated; retries go on)
 * </pre>
 */
public final class Lifecycle {

  private static final Map<RequestStatus, Set<RequestStatus>> TRANSITIONS =
      new EnumMap<>(RequestStatus.class);

  static {
    allow(PENDING, PENDING, APPROVED, DENIED, TIMED_OUT, CANCELLED);
    allow(APPROVED, APPROVED, ACTIVE, GRANT_FAILED);
    allow(ACTIVE, REVOKING);
    allow(GRANT_FAILED, GRANT_FAILED, ROLLBACK_FAILING, ROLLED_BACK);
    allow(ROLLBACK_FAILING, ROLLBACK_FAILING, ROLLED_BACK);
    allow(REVOKING, REVOKING, REVOCATION_FAILING, REVOKED, EXPIRED);
    allow(REVOCATION_FAILING, REVOCATION_FAILING, REVOKED, EXPIRED);
    for (RequestStatus s : RequestStatus.values()) {
      TRANSITIONS.putIfAbsent(s, EnumSet.noneOf(RequestStatus.class));
    }
  }

  /** The states of a rollback or revocation under way. */
  public static final Set<RequestStatus> UNDOING =
      Collections.unmodifiableSet(
          EnumSet.of(GRANT_FAILED, ROLLBACK_FAILING, REVOKING, REVOCATION_FAILING));

  /** The states an engine works in, under a lease: granting, and undoing. */
  public static final Set<RequestStatus> LEASED =
      Collections.unmodifiableSet(
          EnumSet.of(APPROVED, GRANT_FAILED, ROLLBACK_FAILING, REVOKING, REVOCATION_FAILING));

  /** The states a request can still leave: everything but the terminal ones. */
  public static final Set<RequestStatus> OPEN =
      Collections.unmodifiableSet(
          EnumSet.copyOf(
              Arrays.stream(RequestStatus.values()).filter(s -> !s.isTerminal()).toList()));

  private Lifecycle() {}

  private static void allow(RequestStatus from, RequestStatus... to) {
    TRANSITIONS.put(from, EnumSet.copyOf(List.of(to)));
  }

  /** Whether the table allows {@code from → to}. */
  public static boolean allows(RequestStatus from, RequestStatus to) {
    return TRANSITIONS.get(from).contains(to);
  }

  /**
   * Something that happened to a request. Each event yields exactly one new version and one audit
   * record.
   */
  public sealed interface Event {
    /** The audit action name, for example {@code approval_recorded}. */
    String action();
  }

  /** An approval that does not complete the quorum; approvals that no longer count are dropped. */
  public record ApprovalRecorded(Approval approval, List<Approval> stillCounting) implements Event {
    public String action() {
      return "approval_recorded";
    }
  }

  /** The approval that completes the quorum; access will expire {@code duration} after it. */
  public record QuorumReached(Approval approval, List<Approval> stillCounting) implements Event {
    public String action() {
      return "approved";
    }
  }

  public record Denied(UserId by, String reason) implements Event {
    public String action() {
      return "denied";
    }
  }

  public record TimedOut() implements Event {
    public String action() {
      return "timed_out";
    }
  }

  public record Cancelled(UserId by) implements Event {
    public String action() {
      return "cancelled";
    }
  }

  /**
   * The intent, committed before the backend is asked to apply step {@code index}: from here on the
   * step may be applied, whatever happens to the engine, so the trail shows the attempt and a
   * rollback includes it. The snapshot's {@code holder} names the engine instance making it.
   */
  public record StepAttempted(int index) implements Event {
    public String action() {
      return "step_attempted";
    }
  }

  /**
   * The intent, committed before the backend is asked to remove step {@code index} in a rollback or
   * revocation; the snapshot's {@code holder} names the engine instance making it.
   */
  public record UndoAttempted(int index) implements Event {
    public String action() {
      return "undo_attempted";
    }
  }

  /**
   * The engine granting or undoing is still at work on a backend call that outlasts a third of its
   * lease: the lease moves on, so no other engine takes the request over.
   */
  public record LeaseRenewed() implements Event {
    public String action() {
      return "lease_renewed";
    }
  }

  /** Step {@code index} is applied and verified. */
  public record StepGranted(int index) implements Event {
    public String action() {
      return "step_granted";
    }
  }

  /**
   * Step {@code index} was asked for and its platform reports it still in progress: check again
   * later. Counts the checks in {@code attempts}.
   */
  public record StepPending(int index) implements Event {
    public String action() {
      return "step_pending";
    }
  }

  /** Every step is applied: access stands until the expiry. */
  public record Granted() implements Event {
    public String action() {
      return "granted";
    }
  }

  /** Step {@code index} failed for good, or the engine granting it stopped: roll back. */
  public record GrantFailed(int index, String reason) implements Event {
    public String action() {
      return "grant_failed";
    }
  }

  /** An attempt to roll back or revoke failed; {@code escalated} once past the escalation bound. */
  public record UndoAttemptFailed(String reason, boolean escalated) implements Event {
    public String action() {
      return "undo_attempt_failed";
    }
  }

  /**
   * A rollback or revocation asked for every step's removal and a platform reports one still in
   * progress: check again later. {@code check} numbers these rounds, for the backoff; it does not
   * count as a failed attempt, so it never escalates.
   */
  public record UndoPending(int check) implements Event {
    public String action() {
      return "undo_pending";
    }
  }

  /** Every step that may have been applied by a failed grant is removed. */
  public record RolledBack() implements Event {
    public String action() {
      return "rolled_back";
    }
  }

  /** Access is being removed: at expiry ({@code by} empty) or early by a person. */
  public record RevocationStarted(Optional<UserId> by) implements Event {
    public String action() {
      return by.isPresent() ? "revocation_requested" : "expiry_reached";
    }
  }

  /** Every step is removed. */
  public record Revoked() implements Event {
    public String action() {
      return "revoked";
    }
  }

  /**
   * Break-glass access approved: at once ({@code onCall} empty) or by the one on-call approval.
   * Sets the expiry and the review deadline.
   */
  public record BreakGlassApproved(Optional<Approval> onCall) implements Event {
    public String action() {
      return "break_glass_approved";
    }
  }

  /**
   * An event that records something about a request without moving it: the review of a break-glass
   * use, and requests for more time. The request keeps its status; {@link #AMENDABLE} says where.
   */
  public sealed interface Amendment extends Event {}

  /** An owner reviewed a break-glass use. */
  public record Reviewed(BreakGlass.Review review) implements Amendment {
    public String action() {
      return "break_glass_reviewed";
    }
  }

  /** A break-glass review is overdue: escalated, and escalated again later. */
  public record ReviewOverdue() implements Amendment {
    public String action() {
      return "break_glass_review_overdue";
    }
  }

  /** The holder of active access asks for more time. */
  public record ExtensionRequested(Extension extension) implements Amendment {
    public String action() {
      return "extension_requested";
    }
  }

  /**
   * An approval of the pending extension; with {@code quorum} it completes it and the expiry moves
   * by the extension. Approvals that no longer count are dropped.
   */
  public record ExtensionApproved(Approval approval, List<Approval> stillCounting, boolean quorum)
      implements Amendment {
    public String action() {
      return quorum ? "extended" : "extension_approval_recorded";
    }
  }

  /** The pending extension ends undecided ({@code by} empty) or denied: the expiry stands. */
  public record ExtensionEnded(Optional<UserId> by, String reason) implements Amendment {
    public String action() {
      return by.isPresent() ? "extension_denied" : "extension_lapsed";
    }
  }

  /**
   * The states an {@link Amendment} may record in: extensions only while access is active; reviews
   * from the approval of break-glass access on, terminal states included (the review deadline
   * usually falls after the access ended).
   */
  public static boolean amendable(RequestStatus s, Amendment a) {
    if (a instanceof Reviewed || a instanceof ReviewOverdue) {
      return s != PENDING && !EnumSet.of(DENIED, TIMED_OUT, CANCELLED).contains(s);
    }
    return s == ACTIVE;
  }

  /**
   * Applies {@code event} to {@code r} at {@code at}: the next version, or an {@link
   * IllegalStateTransitionException} when the table does not allow the move. {@code nextDeadline}
   * is left to the caller, which knows the engine's settings.
   */
  public static AccessRequest evolve(AccessRequest r, Event event, Instant at) {
    if (event instanceof Amendment a) {
      if (!amendable(r.status(), a)) {
        throw new IllegalStateTransitionException(r.status(), r.status(), a.action());
      }
      return Amendments.apply(r, a, at);
    }
    AccessRequest.Builder b = r.toBuilder().version(r.version() + 1);
    RequestStatus to;
    if (event instanceof ApprovalRecorded e) {
      to = PENDING;
      b.approvals(append(e.stillCounting(), e.approval()));
    } else if (event instanceof QuorumReached e) {
      to = APPROVED;
      b.approvals(append(e.stillCounting(), e.approval()))
          .stepsDone(0)
          .expiresAt(Optional.of(at.plus(r.duration())));
    } else if (event instanceof BreakGlassApproved e) {
      to = APPROVED;
      BreakGlass bg =
          r.breakGlass()
              .orElseThrow(
                  () -> new IllegalStateTransitionException(r.status(), APPROVED, e.action()));
      b.approvals(e.onCall().map(a -> append(r.approvals(), a)).orElse(r.approvals()))
          .stepsDone(0)
          .expiresAt(Optional.of(at.plus(r.duration())))
          .breakGlass(Optional.of(bg.withReviewDue(at.plus(bg.reviewWithin()))));
    } else if (event instanceof Denied e) {
      to = DENIED;
      b.decidedBy(Optional.of(e.by())).reason(e.reason());
    } else if (event instanceof TimedOut) {
      to = TIMED_OUT;
      b.reason("nobody decided before " + r.approvalDeadline());
    } else if (event instanceof Cancelled e) {
      to = CANCELLED;
      b.decidedBy(Optional.of(e.by()));
    } else if (event instanceof StepGranted e) {
      to = APPROVED;
      if (e.index() != r.stepsDone()) {
        throw new IllegalStateTransitionException(r.status(), to, "step_granted out of order");
      }
      b.stepsDone(e.index() + 1).attempts(0);
    } else if (event instanceof StepAttempted e) {
      to = APPROVED;
      if (e.index() != r.stepsDone()) {
        throw new IllegalStateTransitionException(r.status(), to, "step_attempted out of order");
      }
    } else if (event instanceof UndoAttempted e) {
      to = r.status();
      if (!UNDOING.contains(to) || e.index() < 0 || e.index() >= stepsPossiblyApplied(r)) {
        throw new IllegalStateTransitionException(to, to, "undo_attempted outside an undo");
      }
    } else if (event instanceof LeaseRenewed) {
      to = r.status();
      if (to != APPROVED && !UNDOING.contains(to)) {
        throw new IllegalStateTransitionException(to, to, "lease_renewed without a lease");
      }
    } else if (event instanceof StepPending e) {
      to = APPROVED;
      if (e.index() != r.stepsDone()) {
        throw new IllegalStateTransitionException(r.status(), to, "step_pending out of order");
      }
      b.attempts(r.attempts() + 1);
    } else if (event instanceof Granted) {
      to = ACTIVE;
      if (r.stepsDone() != r.steps().size()) {
        throw new IllegalStateTransitionException(r.status(), to, "granted before every step");
      }
      b.grantedAt(Optional.of(at));
    } else if (event instanceof GrantFailed e) {
      to = GRANT_FAILED;
      b.reason(e.reason()).attempts(0);
    } else if (event instanceof UndoAttemptFailed e) {
      boolean rollingBack = r.status() == GRANT_FAILED || r.status() == ROLLBACK_FAILING;
      if (e.escalated()) {
        to = rollingBack ? ROLLBACK_FAILING : REVOCATION_FAILING;
      } else {
        to = r.status();
      }
      b.attempts(r.attempts() + 1).reason(e.reason());
    } else if (event instanceof UndoPending) {
      to = r.status();
      if (!UNDOING.contains(to)) {
        throw new IllegalStateTransitionException(to, to, "undo_pending outside an undo");
      }
    } else if (event instanceof RolledBack) {
      to = ROLLED_BACK;
    } else if (event instanceof RevocationStarted e) {
      to = REVOKING;
      b.decidedBy(e.by()).attempts(0);
    } else if (event instanceof Revoked) {
      to = r.decidedBy().isPresent() ? REVOKED : EXPIRED;
    } else {
      throw new IllegalArgumentException("unknown event " + event);
    }
    if (!allows(r.status(), to)) {
      throw new IllegalStateTransitionException(r.status(), to, event.action());
    }
    AccessRequest next = b.status(to).build();
    return to.isTerminal() ? next.toBuilder().nextDeadline(Optional.empty()).build() : next;
  }

  /**
   * How many steps, from the first, may be applied in backend systems: the confirmed ones plus,
   * while granting or rolling back, the one in flight (a call that failed may still have taken
   * effect).
   */
  public static int stepsPossiblyApplied(AccessRequest r) {
    return Math.min(r.stepsDone() + 1, r.steps().size());
  }

  static List<Approval> append(List<Approval> approvals, Approval approval) {
    List<Approval> out = new ArrayList<>(approvals);
    out.add(approval);
    return out;
  }
}
