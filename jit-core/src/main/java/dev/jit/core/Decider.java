package dev.jit.core;

import static dev.jit.spi.RequestStatus.ACTIVE;
import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.PENDING;

import dev.jit.core.Lifecycle.ApprovalRecorded;
import dev.jit.core.Lifecycle.BreakGlassApproved;
import dev.jit.core.Lifecycle.Cancelled;
import dev.jit.core.Lifecycle.Denied;
import dev.jit.core.Lifecycle.Event;
import dev.jit.core.Lifecycle.QuorumReached;
import dev.jit.core.Lifecycle.RevocationStarted;
import dev.jit.core.internal.Texts;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision rules: a pure function from a command, the request it is about and the facts about
 * the people involved to a {@link Decision} — the event to commit, or a refusal. No I/O and no
 * clock: the caller looks the facts up (the directory, the owners, the time) and commits what this
 * returns, so the rules can be read in one place and tested as tables.
 *
 * <p>Submissions, which create a request rather than decide on one, are checked by the engine's
 * submission rules ({@link SubmissionRules} and the catalog).
 */
public final class Decider {
  private Decider() {}

  /**
   * What the rules need to know about people and time. The engine resolves each on first use (so a
   * refusal that needs no lookup makes none) and a lookup that fails makes the command
   * unverifiable; a test passes fixed answers.
   */
  public interface Facts {
    /** The time of the decision, cut to milliseconds. */
    Instant now();

    /** Whether {@code user} is an approver of the request's resource (directly or by group). */
    boolean isApprover(UserId user);

    /** Whether {@code user} is active in the directory. */
    boolean isActive(UserId user);

    /** Whether {@code user} is one of the policy's admins. */
    boolean isAdmin(UserId user);

    /** Whether {@code user} is in the on-call group that approves this break-glass request. */
    default boolean isOnCall(UserId user) {
      return false;
    }

    /** How this request's access may be extended; empty when it may not (the default). */
    default Optional<ExtensionRules> extensionRules() {
      return Optional.empty();
    }
  }

  /**
   * What the policy says about extending one request's access.
   *
   * @param requiredApprovals distinct owner approvals an extension needs
   * @param maxTotal the longest the access may last in all, extensions included
   * @param decideWithin how long an extension waits for approvals (never past the expiry)
   */
  public record ExtensionRules(int requiredApprovals, Duration maxTotal, Duration decideWithin) {
    public ExtensionRules {
      if (requiredApprovals < 1) {
        throw new IllegalArgumentException("an extension needs at least one approval");
      }
      Objects.requireNonNull(maxTotal, "maxTotal");
      Objects.requireNonNull(decideWithin, "decideWithin");
    }
  }

  /** What a command decided: an event to commit, or why not. */
  public sealed interface Decision {}

  /**
   * Commit {@code event}; {@code actor} and {@code detail} go on the audit record.
   *
   * @param detail for people reading the audit trail (the denial reason, approvals no longer
   *     counted)
   */
  public record Accept(Event event, String actor, String detail) implements Decision {
    public Accept {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Refused, with the sentence for the person who asked. */
  public record Reject(Rejection why, String message) implements Decision {
    public Reject {
      Objects.requireNonNull(why, "why");
      Objects.requireNonNull(message, "message");
    }
  }

  /** The refusal a command gets before any request is looked at: malformed input. */
  public static Optional<Reject> checkInput(Command command) {
    String text =
        command instanceof Command.Deny c
            ? c.reason()
            : command instanceof Command.DenyExtension c
                ? c.reason()
                : command instanceof Command.Review c ? c.comment() : null;
    if (text != null) {
      Optional<String> bad = Texts.checkText(text.strip(), 1, 500);
      if (bad.isPresent()) {
        String what = command instanceof Command.Review ? "The comment " : "The reason ";
        return Optional.of(new Reject(Rejection.INVALID_REASON, what + bad.get()));
      }
    }
    return Optional.empty();
  }

  /** Decides {@code command} on {@code r}. Submissions are not decided here. */
  public static Decision decide(Command.OnRequest command, AccessRequest r, Facts facts) {
    if (command instanceof Command.Approve c) {
      return approve(c, r, facts);
    } else if (command instanceof Command.Deny c) {
      return deny(c, r, facts);
    } else if (command instanceof Command.Cancel c) {
      return cancel(c, r);
    } else if (command instanceof Command.Revoke c) {
      return revoke(c, r, facts);
    } else if (command instanceof Command.Review c) {
      return AmendmentDecisions.review(c, r, facts);
    } else if (command instanceof Command.Extend c) {
      return AmendmentDecisions.extend(c, r, facts);
    } else if (command instanceof Command.ApproveExtension c) {
      return AmendmentDecisions.approveExtension(c, r, facts);
    } else if (command instanceof Command.DenyExtension c) {
      return AmendmentDecisions.denyExtension(c, r, facts);
    }
    throw new IllegalArgumentException("not a decision on a request: " + command);
  }

  private static Decision approve(Command.Approve c, AccessRequest r, Facts f) {
    if (r.status() != PENDING) {
      return alreadyDecided(r);
    }
    if (!f.now().isBefore(r.approvalDeadline())) {
      return new Reject(
          Rejection.NOT_PENDING,
          "The time to approve this request ended at " + r.approvalDeadline() + ".");
    }
    if (c.approver().equals(r.requester())) {
      return new Reject(Rejection.SELF_APPROVAL, "You cannot approve your own request.");
    }
    if (!mayDecide(r, f, c.approver())) {
      return notAnApprover(r);
    }
    if (!f.isActive(c.approver())) {
      return inactive();
    }
    if (r.approvers().contains(c.approver())) {
      return new Reject(Rejection.ALREADY_APPROVED, "You have already approved this request.");
    }
    if (!f.isActive(r.requester())) {
      return new Reject(
          Rejection.INACTIVE_USER, "The requester's account is no longer active in the directory.");
    }
    Approval approval = new Approval(c.approver(), f.now());
    if (r.isBreakGlass()) {
      return new Accept(new BreakGlassApproved(Optional.of(approval)), c.approver().value(), "");
    }
    List<String> dropped = new ArrayList<>();
    List<Approval> counting = stillCounting(r.approvals(), f, dropped);
    Event event =
        counting.size() + 1 >= r.requiredApprovals()
            ? new QuorumReached(approval, counting)
            : new ApprovalRecorded(approval, counting);
    return new Accept(event, c.approver().value(), droppedDetail(dropped));
  }

  /**
   * The approvals that still count, by approvers who are still eligible and active; the others' ids
   * go to {@code dropped}.
   */
  static List<Approval> stillCounting(List<Approval> approvals, Facts f, List<String> dropped) {
    List<Approval> counting = new ArrayList<>();
    for (Approval a : approvals) {
      if (f.isApprover(a.approver()) && f.isActive(a.approver())) {
        counting.add(a);
      } else {
        dropped.add(a.approver().value());
      }
    }
    return counting;
  }

  static String droppedDetail(List<String> dropped) {
    return dropped.isEmpty() ? "" : "approvals no longer counted: " + dropped;
  }

  private static Decision deny(Command.Deny c, AccessRequest r, Facts f) {
    if (r.status() != PENDING) {
      return alreadyDecided(r);
    }
    if (c.approver().equals(r.requester())) {
      return new Reject(
          Rejection.SELF_APPROVAL, "You cannot decide your own request; cancel it instead.");
    }
    if (!mayDecide(r, f, c.approver())) {
      return notAnApprover(r);
    }
    if (!f.isActive(c.approver())) {
      return inactive();
    }
    String reason = c.reason().strip();
    return new Accept(new Denied(c.approver(), reason), c.approver().value(), reason);
  }

  private static Decision cancel(Command.Cancel c, AccessRequest r) {
    if (!c.requester().equals(r.requester())) {
      return new Reject(Rejection.NOT_REQUESTER, "Only the requester can cancel a request.");
    }
    if (r.status() != PENDING) {
      return alreadyDecided(r);
    }
    return new Accept(new Cancelled(c.requester()), c.requester().value(), "");
  }

  private static Decision revoke(Command.Revoke c, AccessRequest r, Facts f) {
    if (!f.isAdmin(c.actor()) && !c.actor().equals(r.requester())) {
      return new Reject(
          Rejection.NOT_ALLOWED_TO_REVOKE,
          "Only the requester or an admin can revoke this access.");
    }
    if (r.status() == APPROVED) {
      // Refused, not queued: the grant in flight finishes or rolls back on its own, and a revoke
      // queued behind it would need a second writer on a request an engine holds.
      return new Reject(
          Rejection.NOT_ACTIVE,
          "This access is still being granted. Revoke it once it is active: you will get a"
              + " message when it is.");
    }
    if (r.status() != ACTIVE) {
      return new Reject(
          Rejection.NOT_ACTIVE, "This access is not active: it is " + Texts.describe(r) + ".");
    }
    return new Accept(new RevocationStarted(Optional.of(c.actor())), c.actor().value(), "");
  }

  /** Owners decide ordinary requests; the on-call group decides break-glass. */
  private static boolean mayDecide(AccessRequest r, Facts f, UserId user) {
    return r.isBreakGlass() ? f.isOnCall(user) : f.isApprover(user);
  }

  static Reject alreadyDecided(AccessRequest r) {
    return new Reject(Rejection.NOT_PENDING, "This request is already " + Texts.describe(r) + ".");
  }

  static Reject notAnApprover(AccessRequest r) {
    return new Reject(
        Rejection.NOT_AN_APPROVER, "You are not an approver of " + r.resource() + ".");
  }

  static Reject inactive() {
    return new Reject(Rejection.INACTIVE_USER, "Your account is not active in the directory.");
  }
}
