package dev.jit.report;

import dev.jit.spi.Approval;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the audit trail says about one request, up to the end of a report's period: what was asked,
 * who decided, and when access was really applied and removed (the times of the grant, step and
 * removal records, not what the request row says now).
 *
 * @param approvals the approvals that counted, oldest first
 * @param outcome the request's status after its last record in the period
 * @param decidedAt when it was denied, timed out or cancelled
 * @param accessFrom when the first grant step was confirmed applied
 * @param grantedAt when every step was applied
 * @param scheduledEnd when access was due to end ({@code expiresAt})
 * @param removal why access is being or was removed, with when that started
 * @param removedAt when every step was removed (revoked or rolled back)
 * @param grantFailure the failure of a grant that failed, empty otherwise
 * @param failedRemovalAttempts how many rollback or revocation attempts failed
 * @param escalatedAt when a failing rollback or revocation was escalated
 * @param overdueAtEnd whether access may still be held at the period's end although it should have
 *     ended before: the scheduled end passed, or a removal started, and the removal is not done
 * @param breakGlass present for emergency access: who let it through and its review
 * @param extensions the extensions asked for, granted and refused
 * @param events every record of the request up to the period's end, in order
 */
public record RequestFacts(
    RequestId id,
    ResourceId resource,
    RoleName role,
    UserId requester,
    String justification,
    String ticket,
    Duration requestedDuration,
    Instant submittedAt,
    int requiredApprovals,
    List<Approval> approvals,
    Optional<Instant> approvedAt,
    RequestStatus outcome,
    Optional<UserId> decidedBy,
    Optional<Instant> decidedAt,
    String reason,
    Optional<Instant> accessFrom,
    Optional<Instant> grantedAt,
    Optional<Instant> scheduledEnd,
    Optional<Removal> removal,
    Optional<Instant> removedAt,
    String grantFailure,
    int failedRemovalAttempts,
    Optional<Instant> escalatedAt,
    boolean overdueAtEnd,
    Optional<BreakGlassUse> breakGlass,
    Extensions extensions,
    List<TrailEvent> events) {

  /**
   * One use of break-glass and its mandatory review, as of the period's end.
   *
   * @param approvedBy the actor of {@code break_glass_approved}: {@code system} when granted at
   *     once, else the on-call approver; empty until approved
   * @param reviewDue when the owners' review is due
   * @param review the review of the {@code break_glass_reviewed} record, once written
   * @param reviewEscalations how many {@code break_glass_review_overdue} records there are
   * @param reviewOverdueAtEnd whether the review was due before the period's end and not recorded
   */
  public record BreakGlassUse(
      Optional<String> approvedBy,
      Optional<Instant> reviewDue,
      Optional<BreakGlass.Review> review,
      int reviewEscalations,
      boolean reviewOverdueAtEnd) {
    public BreakGlassUse {
      Objects.requireNonNull(approvedBy, "approvedBy");
      Objects.requireNonNull(reviewDue, "reviewDue");
      Objects.requireNonNull(review, "review");
    }
  }

  /**
   * The extensions of a request: how many were asked for ({@code extension_requested}), granted
   * ({@code extended}) and refused ({@code extension_denied} or {@code extension_lapsed}), how much
   * time they added, who approved them and when the last one was granted.
   */
  public record Extensions(
      int requested,
      int granted,
      int refused,
      Duration extendedBy,
      List<UserId> approvers,
      Optional<Instant> lastGrantedAt) {
    public static final Extensions NONE =
        new Extensions(0, 0, 0, Duration.ZERO, List.of(), Optional.empty());

    public Extensions {
      Objects.requireNonNull(extendedBy, "extendedBy");
      approvers = List.copyOf(approvers);
      Objects.requireNonNull(lastGrantedAt, "lastGrantedAt");
    }
  }

  /** Why access is being removed, and since when. */
  public enum Trigger {
    /** {@code expiry_reached}: the scheduled end passed. */
    EXPIRY,
    /** {@code revocation_requested}: a person ended it early. */
    REVOCATION,
    /** {@code grant_failed}: a failed grant is rolled back. */
    ROLLBACK;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The start of a removal.
   *
   * @param at when the removal record was written
   * @param dueAt when access should have ended: the scheduled end for an expiry, the request or the
   *     failure otherwise
   */
  public record Removal(Trigger trigger, Instant at, Instant dueAt) {
    public Removal {
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(dueAt, "dueAt");
    }
  }

  public RequestFacts {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(justification, "justification");
    Objects.requireNonNull(ticket, "ticket");
    approvals = List.copyOf(approvals);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(grantFailure, "grantFailure");
    Objects.requireNonNull(breakGlass, "breakGlass");
    Objects.requireNonNull(extensions, "extensions");
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a request has at least its submission record");
    }
  }

  /** From submission to the approval that completed the quorum. */
  public Optional<Duration> approvalTime() {
    return approvedAt.map(at -> Duration.between(submittedAt, at));
  }

  /** How long access was approved for: from the quorum to the scheduled end. */
  public Optional<Duration> grantedDuration() {
    return approvedAt.flatMap(a -> scheduledEnd.map(e -> Duration.between(a, e)));
  }

  /** From the first applied step to the removal of the last, once removed. */
  public Optional<Duration> heldFor() {
    return accessFrom.flatMap(f -> removedAt.map(r -> Duration.between(f, r)));
  }

  /** From when access should have ended to when it was removed, once removed. */
  public Optional<Duration> removalLateness() {
    return removal.flatMap(m -> removedAt.map(r -> Duration.between(m.dueAt(), r)));
  }

  /**
   * Whether backend access may still exist after the period's last record: granting, held or being
   * removed.
   */
  public boolean mayHoldAccessAtEnd() {
    return outcome.mayHoldAccess();
  }

  /** The sequence of the request's first record. */
  public long firstSequence() {
    return events.get(0).sequence();
  }

  /** The sequence of the request's last record in the period. */
  public long lastSequence() {
    return events.get(events.size() - 1).sequence();
  }
}
