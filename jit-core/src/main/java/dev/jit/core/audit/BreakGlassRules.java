package dev.jit.core.audit;

import static dev.jit.spi.RequestStatus.APPROVED;
import static dev.jit.spi.RequestStatus.PENDING;

import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.BreakGlass;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** {@link History}'s rules for break-glass requests and the parts only amendments change. */
final class BreakGlassRules {
  private BreakGlassRules() {}

  /** The longest access {@code r} may hold in all: break-glass has its own, shorter maximum. */
  static Duration maxDuration(AccessRequest r, ResourcePolicy rp) {
    return rp.maxTotal(r.role(), r.isBreakGlass());
  }

  /** The break-glass part fixed when it was invoked (what a request never changes). */
  static Optional<BreakGlass> asInvoked(AccessRequest r) {
    return r.breakGlass()
        .map(
            b ->
                BreakGlass.invoked(
                    b.announceChannel(), b.onCall(), b.reviewWithin(), b.escalateEvery()));
  }

  /** Break-glass without an on-call approval is approved with none. */
  static boolean grantedAtOnce(AccessRequest prev, AccessRequest next) {
    return next.isBreakGlass()
        && next.requiredApprovals() == 0
        && next.status() == APPROVED
        && prev.status() == PENDING
        && next.approvals().isEmpty()
        && prev.approvals().isEmpty();
  }

  /** Approving break-glass sets the review deadline, to the approval's time plus its period. */
  static Optional<String> reviewDueProblem(AccessRequest prev, AuditEntry entry) {
    AccessRequest next = entry.request();
    if (!next.isBreakGlass()) {
      return Optional.empty();
    }
    BreakGlass bg = next.breakGlass().get();
    BreakGlass due =
        prev.breakGlass().orElseThrow().withReviewDue(entry.at().plus(bg.reviewWithin()));
    return bg.equals(due)
        ? Optional.empty()
        : Optional.of("break-glass approved without its review due " + due.reviewDue().get());
  }

  /**
   * What an ordinary record must leave as it was: the review, the escalations, the pending
   * extension and the extensions granted (the review deadline may be set only by the approval).
   */
  static Optional<String> amendedOutsideAmendment(AccessRequest prev, AuditEntry entry) {
    AccessRequest next = entry.request();
    if (!Objects.equals(prev.extension(), next.extension())) {
      return Optional.of("extension");
    }
    if (!prev.extendedBy().equals(next.extendedBy())) {
      return Optional.of("extendedBy");
    }
    boolean approving = prev.status() == PENDING && next.status() == APPROVED;
    if (!approving && !Objects.equals(prev.breakGlass(), next.breakGlass())) {
      return Optional.of("breakGlass review");
    }
    return Optional.empty();
  }
}
