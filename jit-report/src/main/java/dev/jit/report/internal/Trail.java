package dev.jit.report.internal;

import dev.jit.report.ReportPeriod;
import dev.jit.report.RequestFacts;
import dev.jit.report.RequestFacts.Removal;
import dev.jit.report.RequestFacts.Trigger;
import dev.jit.report.TrailEvent;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
  private Optional<String> breakGlassApprovedBy = Optional.empty();
  private Optional<BreakGlass.Review> review = Optional.empty();
  private int reviewEscalations;
  private int extensionsRequested;
  private int extensionsGranted;
  private int extensionsRefused;
  private final Set<UserId> extensionApprovers = new LinkedHashSet<>();
  private Optional<Instant> lastExtendedAt = Optional.empty();

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
      case "break_glass_approved" -> {
        approvedAt = Optional.of(at);
        breakGlassApprovedBy = Optional.of(e.actor());
      }
      case "break_glass_reviewed" -> review = r.breakGlass().flatMap(BreakGlass::review);
      case "break_glass_review_overdue" -> reviewEscalations++;
      case "extension_requested" -> extensionsRequested++;
      case "extension_approval_recorded" -> extensionApprovers.add(new UserId(e.actor()));
      case "extended" -> {
        extensionsGranted++;
        extensionApprovers.add(new UserId(e.actor()));
        lastExtendedAt = Optional.of(at);
      }
      case "extension_denied", "extension_lapsed" -> extensionsRefused++;
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
        // submitted, break_glass_requested, approval_recorded, step_pending, undo_pending
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

  private RequestFacts.BreakGlassUse use(BreakGlass b) {
    boolean overdue =
        review.isEmpty() && b.reviewDue().map(d -> d.isBefore(period.to())).orElse(false);
    return new RequestFacts.BreakGlassUse(
        breakGlassApprovedBy, b.reviewDue(), review, reviewEscalations, overdue);
  }

  private RequestFacts.Extensions extensions() {
    if (extensionsRequested == 0) {
      return RequestFacts.Extensions.NONE;
    }
    return new RequestFacts.Extensions(
        extensionsRequested,
        extensionsGranted,
        extensionsRefused,
        last.extendedBy(),
        List.copyOf(extensionApprovers),
        lastExtendedAt);
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
        last.breakGlass().map(this::use),
        extensions(),
        events);
  }
}
