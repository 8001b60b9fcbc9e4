package dev.jit.core;

import static dev.jit.spi.RequestStatus.ACTIVE;

import dev.jit.core.Decider.Accept;
import dev.jit.core.Decider.Decision;
import dev.jit.core.Decider.ExtensionRules;
import dev.jit.core.Decider.Facts;
import dev.jit.core.Decider.Reject;
import dev.jit.core.Lifecycle.ExtensionApproved;
import dev.jit.core.Lifecycle.ExtensionEnded;
import dev.jit.core.Lifecycle.ExtensionRequested;
import dev.jit.core.Lifecycle.Reviewed;
import dev.jit.core.internal.Texts;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Decider}'s rules for amendments: the review of a break-glass use, and extensions of
 * active access (asked by the holder, approved like a grant: distinct active owners, never the
 * holder, within the policy's maximum — refused, not clamped — and never once access has expired).
 */
final class AmendmentDecisions {
  private AmendmentDecisions() {}

  static Decision review(Command.Review c, AccessRequest r, Facts f) {
    if (r.breakGlass().isEmpty()) {
      return new Reject(Rejection.NOT_BREAK_GLASS, "This request is not a break-glass use.");
    }
    BreakGlass bg = r.breakGlass().get();
    if (bg.review().isPresent()) {
      BreakGlass.Review done = bg.review().get();
      return new Reject(
          Rejection.NOT_AWAITING_REVIEW,
          "This break-glass use was already reviewed by " + done.reviewer() + ".");
    }
    if (!bg.awaitsReview()) {
      return new Reject(
          Rejection.NOT_AWAITING_REVIEW,
          "This break-glass use was never granted: nothing to review.");
    }
    if (c.reviewer().equals(r.requester())) {
      return new Reject(Rejection.SELF_APPROVAL, "You cannot review your own break-glass use.");
    }
    if (!f.isApprover(c.reviewer())) {
      return Decider.notAnApprover(r);
    }
    if (!f.isActive(c.reviewer())) {
      return Decider.inactive();
    }
    String comment = c.comment().strip();
    BreakGlass.Review review = new BreakGlass.Review(c.reviewer(), c.verdict(), comment, f.now());
    return new Accept(new Reviewed(review), c.reviewer().value(), c.verdict() + ": " + comment);
  }

  static Decision extend(Command.Extend c, AccessRequest r, Facts f) {
    if (!c.requester().equals(r.requester())) {
      return new Reject(Rejection.NOT_REQUESTER, "Only the holder of this access can extend it.");
    }
    Optional<Reject> ended = endedOrNotActive(r, f.now());
    if (ended.isPresent()) {
      return ended.get();
    }
    if (r.extension().isPresent()) {
      return new Reject(
          Rejection.EXTENSION_PENDING,
          "An extension of this access is already waiting for approval.");
    }
    Optional<ExtensionRules> rules = f.extensionRules();
    if (rules.isEmpty()) {
      return new Reject(
          Rejection.EXTENSION_NOT_ALLOWED,
          "Access to " + r.resource() + " cannot be extended; request it again instead.");
    }
    if (c.by().isNegative() || c.by().isZero()) {
      return new Reject(Rejection.DURATION_NOT_ALLOWED, "An extension must be positive.");
    }
    if (r.totalDuration().plus(c.by()).compareTo(rules.get().maxTotal()) > 0) {
      return new Reject(
          Rejection.DURATION_NOT_ALLOWED,
          "With "
              + Texts.human(c.by())
              + " more, this access would last "
              + Texts.human(r.totalDuration().plus(c.by()))
              + ", longer than the maximum of "
              + Texts.human(rules.get().maxTotal())
              + " for "
              + r.resource()
              + ".");
    }
    if (!f.isActive(r.requester())) {
      return Decider.inactive();
    }
    Instant expiry = r.expiresAt().orElseThrow();
    Instant decideBy = f.now().plus(rules.get().decideWithin());
    Extension x =
        new Extension(
            c.by(),
            f.now(),
            decideBy.isBefore(expiry) ? decideBy : expiry,
            rules.get().requiredApprovals(),
            List.of());
    return new Accept(new ExtensionRequested(x), c.requester().value(), "by " + c.by());
  }

  static Decision approveExtension(Command.ApproveExtension c, AccessRequest r, Facts f) {
    Optional<Reject> notOpen = extensionNotOpen(r, f);
    if (notOpen.isPresent()) {
      return notOpen.get();
    }
    Extension x = r.extension().get();
    if (c.approver().equals(r.requester())) {
      return new Reject(Rejection.SELF_APPROVAL, "You cannot approve your own extension.");
    }
    if (!f.isApprover(c.approver())) {
      return Decider.notAnApprover(r);
    }
    if (!f.isActive(c.approver())) {
      return Decider.inactive();
    }
    if (x.approvers().contains(c.approver())) {
      return new Reject(Rejection.ALREADY_APPROVED, "You have already approved this extension.");
    }
    if (!f.isActive(r.requester())) {
      return new Reject(
          Rejection.INACTIVE_USER, "The holder's account is no longer active in the directory.");
    }
    List<String> dropped = new ArrayList<>();
    List<Approval> counting = Decider.stillCounting(x.approvals(), f, dropped);
    boolean quorum = counting.size() + 1 >= x.requiredApprovals();
    Approval approval = new Approval(c.approver(), f.now());
    return new Accept(
        new ExtensionApproved(approval, counting, quorum),
        c.approver().value(),
        Decider.droppedDetail(dropped));
  }

  static Decision denyExtension(Command.DenyExtension c, AccessRequest r, Facts f) {
    Optional<Reject> notOpen = extensionNotOpen(r, f);
    if (notOpen.isPresent()) {
      return notOpen.get();
    }
    if (c.approver().equals(r.requester())) {
      return new Reject(Rejection.SELF_APPROVAL, "You cannot decide your own extension.");
    }
    if (!f.isApprover(c.approver())) {
      return Decider.notAnApprover(r);
    }
    if (!f.isActive(c.approver())) {
      return Decider.inactive();
    }
    String reason = c.reason().strip();
    return new Accept(
        new ExtensionEnded(Optional.of(c.approver()), reason), c.approver().value(), reason);
  }

  private static Optional<Reject> extensionNotOpen(AccessRequest r, Facts f) {
    Optional<Reject> ended = endedOrNotActive(r, f.now());
    if (ended.isPresent()) {
      return ended;
    }
    if (r.extension().isEmpty()) {
      return Optional.of(
          new Reject(Rejection.NO_EXTENSION, "No extension of this access is waiting."));
    }
    if (!f.now().isBefore(r.extension().get().deadline())) {
      return Optional.of(
          new Reject(
              Rejection.NO_EXTENSION,
              "The time to decide this extension ended at "
                  + r.extension().get().deadline()
                  + "."));
    }
    return Optional.empty();
  }

  /** Access that is not active, or whose expiry has passed though its revocation has not begun. */
  private static Optional<Reject> endedOrNotActive(AccessRequest r, Instant now) {
    if (r.status() != ACTIVE) {
      return Optional.of(
          new Reject(
              Rejection.NOT_ACTIVE, "This access is not active: it is " + Texts.describe(r) + "."));
    }
    if (!now.isBefore(r.expiresAt().orElseThrow())) {
      return Optional.of(
          new Reject(
              Rejection.NOT_ACTIVE,
              "This access ended at " + r.expiresAt().get() + "; it can no longer be extended."));
    }
    return Optional.empty();
  }
}
