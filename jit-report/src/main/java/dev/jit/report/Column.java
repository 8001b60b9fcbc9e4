package dev.jit.report;

import dev.jit.spi.Approval;
import dev.jit.spi.BreakGlass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One column of the request table, the same in CSV and JSON Lines. A value is a {@code String}, a
 * {@code Long}, a {@code Boolean}, an {@code Instant}, a {@code Duration}, or {@code null} when
 * there is none. {@code text} columns hold free text or names that may come from people, and are
 * the ones the CSV writer guards against formula injection.
 */
public record Column(String name, boolean text, Function<RequestFacts, Object> value) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** Every column, in order. docs/report.md describes each. */
  public static final List<Column> ALL =
      List.of(
          text("request_id", r -> r.id().value()),
          text("resource", r -> r.resource().value()),
          text("role", r -> r.role().value()),
          text("requester", r -> r.requester().value()),
          text("justification", RequestFacts::justification),
          text("ticket", RequestFacts::ticket),
          value("requested_duration", RequestFacts::requestedDuration),
          value("submitted_at", RequestFacts::submittedAt),
          value("required_approvals", r -> (long) r.requiredApprovals()),
          text("approvers", r -> approvers(r.approvals())),
          value("approved_at", r -> or(r.approvedAt())),
          value("approval_seconds", r -> seconds(r.approvalTime())),
          text("outcome", r -> r.outcome().name()),
          text("decided_by", r -> or(r.decidedBy().map(u -> u.value()))),
          value("decided_at", r -> or(r.decidedAt())),
          text("reason", RequestFacts::reason),
          value("access_from", r -> or(r.accessFrom())),
          value("granted_at", r -> or(r.grantedAt())),
          value("granted_duration", r -> or(r.grantedDuration())),
          value("scheduled_end", r -> or(r.scheduledEnd())),
          text("removal_trigger", r -> or(r.removal().map(m -> m.trigger().label()))),
          value("removal_started_at", r -> or(r.removal().map(m -> m.at()))),
          value("removed_at", r -> or(r.removedAt())),
          value("held_seconds", r -> seconds(r.heldFor())),
          value("removal_lateness_seconds", r -> seconds(r.removalLateness())),
          value("may_hold_access_at_end", RequestFacts::mayHoldAccessAtEnd),
          value("overdue_at_end", RequestFacts::overdueAtEnd),
          text("grant_failure", RequestFacts::grantFailure),
          value("failed_removal_attempts", r -> (long) r.failedRemovalAttempts()),
          value("escalated_at", r -> or(r.escalatedAt())),
          value("break_glass", r -> r.breakGlass().isPresent()),
          text("break_glass_approved_by", r -> or(r.breakGlass().flatMap(b -> b.approvedBy()))),
          value("review_due", r -> or(r.breakGlass().flatMap(b -> b.reviewDue()))),
          text("review_verdict", r -> or(review(r).map(v -> v.verdict().name()))),
          text("reviewer", r -> or(review(r).map(v -> v.reviewer().value()))),
          text("review_comment", r -> or(review(r).map(v -> v.comment()))),
          value("reviewed_at", r -> or(review(r).map(v -> v.at()))),
          value(
              "review_escalations", r -> or(r.breakGlass().map(b -> (long) b.reviewEscalations()))),
          value("review_overdue_at_end", r -> or(r.breakGlass().map(b -> b.reviewOverdueAtEnd()))),
          value("extensions_requested", r -> (long) r.extensions().requested()),
          value("extensions_granted", r -> (long) r.extensions().granted()),
          value("extensions_refused", r -> (long) r.extensions().refused()),
          value("extended_by", r -> r.extensions().extendedBy()),
          text(
              "extension_approvers",
              r ->
                  r.extensions().approvers().stream()
                      .map(u -> u.value())
                      .collect(Collectors.joining(";"))),
          value("last_extended_at", r -> or(r.extensions().lastGrantedAt())),
          value("first_sequence", RequestFacts::firstSequence),
          value("last_sequence", RequestFacts::lastSequence));

  private static Column text(String name, Function<RequestFacts, Object> value) {
    return new Column(name, true, value);
  }

  private static Column value(String name, Function<RequestFacts, Object> value) {
    return new Column(name, false, value);
  }

  private static Optional<BreakGlass.Review> review(RequestFacts r) {
    return r.breakGlass().flatMap(RequestFacts.BreakGlassUse::review);
  }

  private static Object or(Optional<?> v) {
    return v.orElse(null);
  }

  private static Object seconds(Optional<Duration> d) {
    return d.map(Duration::getSeconds).orElse(null);
  }

  private static String approvers(List<Approval> approvals) {
    return approvals.stream().map(a -> a.approver().value()).collect(Collectors.joining(";"));
  }

  /** The value as text: ISO-8601 for instants and durations, empty for none. */
  public static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Instant || v instanceof Duration) {
      return v.toString();
    }
    return String.valueOf(v);
  }
}
