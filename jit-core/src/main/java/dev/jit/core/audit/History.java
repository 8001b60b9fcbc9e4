package dev.jit.core.audit;

import static dev.jit.spi.RequestStatus.ACTIVE;
import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.PENDING;

import dev.jit.core.Lifecycle;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditEntry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether one audit record is a step a request can really take: what the hash chain cannot tell. A
 * record inserted by someone who can write the audit table — hashed and linked correctly — still
 * has to be a legal move of the lifecycle from the version before, keep what a request never
 * changes (who asked for what, the steps, the expiry once set), count distinct approvers who are
 * not the requester up to the quorum, and stay within the policy's maximum duration. The verifier
 * checks every record with this; the engine checks each record before it takes it from the audit
 * log into the store, and refuses one that fails.
 */
public final class History {
  private History() {}

  /**
   * What is wrong with {@code entry} as the next record of its request after {@code before} (empty
   * for the first record); empty when it is a legal step. With a policy, the duration is checked
   * against the resource's maximum.
   */
  public static Optional<String> problem(
      Optional<AccessRequest> before, AuditEntry entry, Optional<Policy> policy) {
    AccessRequest next = entry.request();
    Optional<String> limits = policy.flatMap(p -> policyProblem(next, p));
    if (limits.isPresent()) {
      return limits;
    }
    if (before.isEmpty()) {
      return first(entry);
    }
    AccessRequest prev = before.get();
    if (next.version() != prev.version() + 1) {
      return Optional.of("version " + next.version() + " does not follow " + prev.version());
    }
    if (AmendmentRules.isAmendment(entry.action())) {
      return AmendmentRules.problem(prev, entry, policy);
    }
    if (!Lifecycle.allows(prev.status(), next.status())) {
      return Optional.of(
          "moves from " + prev.status() + " to " + next.status() + ", which the lifecycle forbids");
    }
    Optional<String> changed = immutableChanged(prev, next);
    if (changed.isEmpty()) {
      changed = BreakGlassRules.amendedOutsideAmendment(prev, entry);
    }
    if (changed.isPresent()) {
      return Optional.of(changed.get() + " changed, which a request never does");
    }
    Optional<String> approvals = approvalsProblem(prev, next);
    if (approvals.isPresent()) {
      return approvals;
    }
    Optional<String> approver = policy.flatMap(p -> approverProblem(prev, next, p));
    if (approver.isPresent()) {
      return approver;
    }
    return expiryProblem(prev, entry);
  }

  private static Optional<String> first(AuditEntry entry) {
    AccessRequest r = entry.request();
    if (r.version() != 1 || r.status() != PENDING) {
      return Optional.of(
          "the first record of a request is version "
              + r.version()
              + " "
              + r.status()
              + ", not version 1 PENDING");
    }
    if (!r.approvals().isEmpty() || r.expiresAt().isPresent() || r.stepsDone() != 0) {
      return Optional.of("the first record already carries approvals, an expiry or granted steps");
    }
    if (!entry.actor().equals(r.requester().value())) {
      return Optional.of("the first record was not submitted by the requester");
    }
    return Optional.empty();
  }

  private static Optional<String> policyProblem(AccessRequest r, Policy policy) {
    Optional<ResourcePolicy> rp = policy.resource(r.resource());
    if (rp.isEmpty()) {
      return Optional.empty();
    }
    Duration max = BreakGlassRules.maxDuration(r, rp.get());
    if (r.totalDuration().compareTo(max) > 0) {
      return Optional.of(
          "duration "
              + r.totalDuration()
              + " exceeds the policy's maximum of "
              + max
              + " for "
              + r.resource());
    }
    return Optional.empty();
  }

  private static Optional<String> immutableChanged(AccessRequest a, AccessRequest b) {
    List<String> names =
        List.of(
            "requester",
            "resource",
            "role",
            "duration",
            "justification",
            "ticket",
            "createdAt",
            "approvalDeadline",
            "requiredApprovals",
            "steps",
            "breakGlass");
    List<Object> before =
        List.of(
            a.requester(),
            a.resource(),
            a.role(),
            a.duration(),
            a.justification(),
            a.ticket(),
            a.createdAt(),
            a.approvalDeadline(),
            a.requiredApprovals(),
            a.steps(),
            BreakGlassRules.asInvoked(a));
    List<Object> after =
        List.of(
            b.requester(),
            b.resource(),
            b.role(),
            b.duration(),
            b.justification(),
            b.ticket(),
            b.createdAt(),
            b.approvalDeadline(),
            b.requiredApprovals(),
            b.steps(),
            BreakGlassRules.asInvoked(b));
    for (int i = 0; i < names.size(); i++) {
      if (!Objects.equals(before.get(i), after.get(i))) {
        return Optional.of(names.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * Approvals change only while pending, one at a time: the earlier ones that still count, in
   * order, then one new approver who is neither the requester nor an earlier approver. Quorum is
   * reached only with as many approvals as required.
   */
  private static Optional<String> approvalsProblem(AccessRequest prev, AccessRequest next) {
    boolean approving =
        prev.status() == PENDING && (next.status() == PENDING || next.status() == APPROVED);
    if (!approving) {
      return next.approvals().equals(prev.approvals())
          ? Optional.empty()
          : Optional.of("approvals changed outside an approval");
    }
    List<Approval> all = next.approvals();
    if (BreakGlassRules.grantedAtOnce(prev, next)) {
      return Optional.empty();
    }
    if (all.isEmpty() || prev.approvals().contains(all.get(all.size() - 1))) {
      return Optional.of("an approval step without a new approval");
    }
    Approval added = all.get(all.size() - 1);
    if (!prev.approvals().containsAll(all.subList(0, all.size() - 1))) {
      return Optional.of("approvals appear that were never recorded");
    }
    if (added.approver().equals(next.requester())) {
      return Optional.of("the requester approved their own request");
    }
    Set<Object> distinct = new HashSet<>();
    for (Approval a : all) {
      if (!distinct.add(a.approver())) {
        return Optional.of(a.approver().value() + " approved twice");
      }
    }
    if (next.status() == APPROVED && all.size() < next.requiredApprovals()) {
      return Optional.of(
          "approved with "
              + all.size()
              + " approval(s) where "
              + next.requiredApprovals()
              + " are required");
    }
    if (next.status() == PENDING && all.size() >= next.requiredApprovals()) {
      return Optional.of("quorum reached but not approved");
    }
    return Optional.empty();
  }

  /**
   * With a policy whose owners of the resource are all named (no groups, whose members only the
   * directory knows), a new approval must be by one of them.
   */
  private static Optional<String> approverProblem(
      AccessRequest prev, AccessRequest next, Policy policy) {
    if (next.approvals().size() <= prev.approvals().size()
        && next.approvals().equals(prev.approvals())) {
      return Optional.empty();
    }
    Optional<ResourcePolicy> rp = policy.resource(next.resource());
    if (rp.isEmpty() || !rp.get().owners().groups().isEmpty() || next.isBreakGlass()) {
      // break-glass is approved by its on-call group, whose members only the directory knows
      return Optional.empty();
    }
    Approval added = next.approvals().get(next.approvals().size() - 1);
    return rp.get().owners().users().contains(added.approver())
        ? Optional.empty()
        : Optional.of(
            added.approver().value() + " approved, but is not an owner of " + next.resource());
  }

  /** The expiry is set once, at approval, to the approval's time plus the duration. */
  private static Optional<String> expiryProblem(AccessRequest prev, AuditEntry entry) {
    AccessRequest next = entry.request();
    if (prev.status() == PENDING && next.status() == APPROVED) {
      Optional<String> review = BreakGlassRules.reviewDueProblem(prev, entry);
      if (review.isPresent()) {
        return review;
      }
      if (!next.expiresAt().equals(Optional.of(entry.at().plus(next.duration())))) {
        return Optional.of(
            "approved with expiry "
                + next.expiresAt().map(Object::toString).orElse("none")
                + " instead of "
                + entry.at().plus(next.duration()));
      }
      return Optional.empty();
    }
    if (!next.expiresAt().equals(prev.expiresAt())) {
      return Optional.of(
          "expiry moved from "
              + prev.expiresAt().map(Object::toString).orElse("none")
              + " to "
              + next.expiresAt().map(Object::toString).orElse("none"));
    }
    if (next.status() == ACTIVE && next.stepsDone() != next.steps().size()) {
      return Optional.of("active before every step was granted");
    }
    return Optional.empty();
  }
}
