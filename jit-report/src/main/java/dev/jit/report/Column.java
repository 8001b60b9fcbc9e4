package dev.jit.report;

import dev.jit.spi.Approval;
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
          value("first_sequence", RequestFacts::firstSequence),
          value("last_sequence", RequestFacts::lastSequence));

  private static Column text(String name, Function<RequestFacts, Object> value) {
    return new Column(name, true, value);
  }

  private static Column value(String name, Function<RequestFacts, Object> value) {
    return new Column(name, false, value);
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
