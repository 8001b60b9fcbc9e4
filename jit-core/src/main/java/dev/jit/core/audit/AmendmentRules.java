package dev.jit.core.audit;

import static dev.jit.spi.RequestStatus.ACTIVE;

import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import dev.jit.spi.UserId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link History}'s rules for the records that amend a request without moving it: a break-glass
 * review or its escalation, and the steps of an extension. Each may change only its own part of the
 * snapshot, and only as the engine would.
 */
final class AmendmentRules {
  static final Set<String> REVIEW = Set.of("break_glass_reviewed", "break_glass_review_overdue");
  static final Set<String> EXTENSION =
      Set.of(
          "extension_requested",
          "extension_approval_recorded",
          "extended",
          "extension_denied",
          "extension_lapsed");

  private AmendmentRules() {}

  static boolean isAmendment(String action) {
    return REVIEW.contains(action) || EXTENSION.contains(action);
  }

  static Optional<String> problem(AccessRequest prev, AuditEntry entry, Optional<Policy> policy) {
    AccessRequest next = entry.request();
    String action = entry.action();
    if (prev.status() != next.status()) {
      return Optional.of(
          action + " moves the request from " + prev.status() + " to " + next.status());
    }
    AccessRequest.Builder expected =
        prev.toBuilder()
            .version(next.version())
            .nextDeadline(next.nextDeadline())
            .handledKeys(next.handledKeys());
    if (REVIEW.contains(action)) {
      expected.breakGlass(next.breakGlass());
    } else {
      expected.extension(next.extension());
      if (action.equals("extended")) {
        expected.expiresAt(next.expiresAt()).extendedBy(next.extendedBy());
      }
    }
    if (!AuditChain.canonical(expected.build()).equals(AuditChain.canonical(next))) {
      return Optional.of(action + " changes more of the request than " + action + " does");
    }
    return REVIEW.contains(action) ? review(prev, entry, policy) : extension(prev, entry, policy);
  }

  private static Optional<String> review(
      AccessRequest prev, AuditEntry entry, Optional<Policy> policy) {
    Optional<BreakGlass> before = prev.breakGlass().filter(BreakGlass::awaitsReview);
    if (before.isEmpty()) {
      return Optional.of(entry.action() + " where no break-glass review is awaited");
    }
    BreakGlass bg = before.get();
    BreakGlass after = entry.request().breakGlass().orElseThrow();
    if (entry.action().equals("break_glass_review_overdue")) {
      if (!after.equals(bg.escalated())) {
        return Optional.of("a review escalation that does not count one more escalation");
      }
      return entry.at().isBefore(bg.nextEscalation().orElseThrow())
          ? Optional.of("a review escalated before it was due")
          : Optional.empty();
    }
    if (after.review().isEmpty() || !after.equals(bg.withReview(after.review().get()))) {
      return Optional.of("a review record without the review");
    }
    UserId reviewer = after.review().get().reviewer();
    if (!reviewer.value().equals(entry.actor())) {
      return Optional.of("the review names " + reviewer + " but was recorded by " + entry.actor());
    }
    if (reviewer.equals(prev.requester())) {
      return Optional.of("the requester reviewed their own break-glass use");
    }
    return notAnOwner(prev, reviewer, policy, "reviewed");
  }

  private static Optional<String> extension(
      AccessRequest prev, AuditEntry entry, Optional<Policy> policy) {
    AccessRequest next = entry.request();
    String action = entry.action();
    if (prev.status() != ACTIVE) {
      return Optional.of(action + " on access that is not active");
    }
    if (action.equals("extension_requested")) {
      if (prev.extension().isPresent() || next.extension().isEmpty()) {
        return Optional.of("an extension requested while one is pending, or without one");
      }
      Extension x = next.extension().get();
      if (!entry.actor().equals(prev.requester().value()) || !x.approvals().isEmpty()) {
        return Optional.of("an extension not asked for by the holder, or with approvals already");
      }
      return x.deadline().isAfter(prev.expiresAt().orElseThrow())
          ? Optional.of("an extension that stays open after the access ends")
          : Optional.empty();
    }
    if (prev.extension().isEmpty()) {
      return Optional.of(action + " without a pending extension");
    }
    Extension x = prev.extension().get();
    if (action.equals("extension_denied") || action.equals("extension_lapsed")) {
      return next.extension().isEmpty()
          ? Optional.empty()
          : Optional.of(action + " leaves the extension pending");
    }
    UserId approver = new UserId(entry.actor());
    if (approver.equals(prev.requester())) {
      return Optional.of("the holder approved their own extension");
    }
    if (x.approvers().contains(approver)) {
      return Optional.of(approver.value() + " approved the extension twice");
    }
    if (!entry.at().isBefore(prev.expiresAt().orElseThrow())) {
      return Optional.of("an extension approved after the access expired");
    }
    Optional<String> owner = notAnOwner(prev, approver, policy, "approved the extension");
    if (owner.isPresent()) {
      return owner;
    }
    if (action.equals("extension_approval_recorded")) {
      return approvalRecorded(x, next.extension(), approver);
    }
    if (next.extension().isPresent() || x.approvals().size() + 1 < x.requiredApprovals()) {
      return Optional.of("extended without the extension's quorum");
    }
    if (!next.expiresAt().equals(prev.expiresAt().map(e -> e.plus(x.by())))
        || !next.extendedBy().equals(prev.extendedBy().plus(x.by()))) {
      return Optional.of("extended by other than the " + x.by() + " asked for");
    }
    return Optional.empty();
  }

  private static Optional<String> approvalRecorded(
      Extension x, Optional<Extension> after, UserId approver) {
    if (after.isEmpty()) {
      return Optional.of("an extension approval that ends the extension");
    }
    List<Approval> all = after.get().approvals();
    if (all.isEmpty() || !all.get(all.size() - 1).approver().equals(approver)) {
      return Optional.of("an extension approval step without the new approval");
    }
    if (!x.approvals().containsAll(all.subList(0, all.size() - 1))) {
      return Optional.of("extension approvals appear that were never recorded");
    }
    Set<UserId> distinct = new HashSet<>();
    for (Approval a : all) {
      distinct.add(a.approver());
    }
    if (distinct.size() != all.size() || !after.get().equals(x.withApprovals(all))) {
      return Optional.of("an extension approval that changes the extension");
    }
    return all.size() >= x.requiredApprovals()
        ? Optional.of("extension quorum reached but not extended")
        : Optional.empty();
  }

  /** With a policy naming every owner (no groups), the approver or reviewer must be one. */
  private static Optional<String> notAnOwner(
      AccessRequest r, UserId who, Optional<Policy> policy, String did) {
    Optional<ResourcePolicy> rp = policy.flatMap(p -> p.resource(r.resource()));
    if (rp.isEmpty() || !rp.get().owners().groups().isEmpty()) {
      return Optional.empty();
    }
    return rp.get().owners().users().contains(who)
        ? Optional.empty()
        : Optional.of(who.value() + " " + did + ", but is not an owner of " + r.resource());
  }
}
