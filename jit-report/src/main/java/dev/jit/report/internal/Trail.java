package dev.jit.report.internal;

import dev.jit.report.ReportPeriod;
import dev.jit.report.RequestFacts;
import dev.jit.report.RequestFacts.Removal;
import dev.jit.report.RequestFacts.Trigger;
import dev.jit.report.TrailEvent;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records of one request, read in log order, folded into {@link RequestFacts}. Only records
 * before the period's end count; the request belongs in the report when one of its records lies in
 * the period or when it was still open as the period began.
 */
public final class Trail {
  private final ReportPeriod period;
  private final List<TrailEvent> events = new ArrayList<>();
  private AccessRequest first;
  private AccessRequest last;
  private boolean inPeriod;
  private Optional<Instant> approvedAt = Optional.empty();
  private Optional<Instant> decidedAt = Optional.empty();
  private Optional<Instant> accessFrom = Optional.empty();
  private Optional<Instant> grantedAt = Optional.empty();
  private Optional<Removal> removal = Optional.empty();
  private Optional<Instant> removedAt = Optional.empty();
  private Optional<Instant> escalatedAt = Optional.empty();
  private String grantFailure = "";
  private int failedRemovalAttempts;

  public Trail(ReportPeriod period) {
    this.period = period;
  }

  /** Folds in the request's next record; records at or after the period's end are ignored. */
  public void add(AuditRecord record) {
    AuditEntry e = record.entry();
    if (!e.at().isBefore(period.to())) {
      return;
    }
    AccessRequest r = e.request();
    inPeriod |= period.contains(e.at());
    if (first == null) {
      first = r;
    }
    events.add(
        new TrailEvent(record.sequence(), e.at(), e.action(), e.actor(), e.detail(), r.status()));
    apply(e, r);
    last = r;
  }

  private void apply(AuditEntry e, AccessRequest r) {
    Instant at = e.at();
    switch (e.action()) {
      case "approved" -> approvedAt = Optional.of(at);
      case "denied", "timed_out", "cancelled" -> decidedAt = Optional.of(at);
      case "step_granted" -> accessFrom = accessFrom.or(() -> Optional.of(at));
      case "granted" -> grantedAt = Optional.of(at);
      case "grant_failed" -> {
        grantFailure = e.detail();
        removal = Optional.of(new Removal(Trigger.ROLLBACK, at, at));
      }
      case "expiry_reached" ->
          removal = Optional.of(new Removal(Trigger.EXPIRY, at, r.expiresAt().orElse(at)));
      case "revocation_requested" -> removal = Optional.of(new Removal(Trigger.REVOCATION, at, at));
      case "undo_attempt_failed" -> failedRemovalAttempts++;
      case "revoked", "rolled_back" -> removedAt = Optional.of(at);
      default -> {
        // submitted, approval_recorded, step_pending, undo_pending: nothing to fold
      }
    }
    boolean failing =
        r.status() == RequestStatus.ROLLBACK_FAILING
            || r.status() == RequestStatus.REVOCATION_FAILING;
    if (failing && escalatedAt.isEmpty()) {
      escalatedAt = Optional.of(at);
    }
  }

  /** Whether the request belongs in the report: a record in the period, or open as it began. */
  public boolean belongs() {
    return last != null && (inPeriod || !last.status().isTerminal());
  }

  private boolean overdue() {
    if (!last.status().mayHoldAccess()) {
      return false;
    }
    Optional<Instant> due = removal.map(Removal::dueAt).or(last::expiresAt);
    return due.isPresent() && due.get().isBefore(period.to());
  }

  public RequestFacts facts() {
    if (last == null) {
      throw new IllegalStateException("no record before the period's end");
    }
    return new RequestFacts(
        first.id(),
        first.resource(),
        first.role(),
        first.requester(),
        first.justification(),
        first.ticket(),
        first.duration(),
        first.createdAt(),
        first.requiredApprovals(),
        last.approvals(),
        approvedAt,
        last.status(),
        last.decidedBy(),
        decidedAt,
        last.reason(),
        accessFrom,
        grantedAt,
        last.expiresAt(),
        removal,
        removedAt,
        grantFailure,
        failedRemovalAttempts,
        escalatedAt,
        overdue(),
        events);
  }
}
