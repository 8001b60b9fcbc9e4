package dev.jit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvReportTest {
  private static final SeededPeriod SEED = new SeededPeriod();
  private static final List<Map<String, String>> ROWS = Csv.records(csv(SEED.report()));

  static String csv(EvidenceReport report) {
    StringWriter out = new StringWriter();
    CsvReport.write(report, out);
    return out.toString();
  }

  private static Map<String, String> row(RequestId id) {
    return ROWS.stream()
        .filter(r -> r.get("request_id").equals(id.value()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + id));
  }

  private static String at(RequestId id, String action) {
    return SEED.first(id, action).map(Instant::toString).orElse("");
  }

  @Test
  @DisplayName(
      "one row per request with a record in the period, in submission order; a request closed"
          + " before it is left out")
  void rowsOfThePeriod() {
    assertThat(Csv.parse(csv(SEED.report())).get(0))
        .containsExactlyElementsOf(Column.ALL.stream().map(Column::name).toList());
    assertThat(ROWS)
        .extracting(r -> r.get("request_id"))
        .containsExactly(
            SEED.expired.value(),
            SEED.denied.value(),
            SEED.timedOut.value(),
            SEED.cancelled.value(),
            SEED.rolledBack.value(),
            SEED.revoked.value(),
            SEED.breakGlass.value(),
            SEED.unreviewed.value(),
            SEED.failing.value());
  }

  @Test
  @DisplayName(
      "every time in a row is the time of its record in the audit trail: approval, first step,"
          + " grant, decision, start and end of the removal")
  void timesComeFromTheTrail() {
    for (RequestId id :
        List.of(
            SEED.expired,
            SEED.denied,
            SEED.timedOut,
            SEED.cancelled,
            SEED.rolledBack,
            SEED.revoked,
            SEED.breakGlass,
            SEED.unreviewed,
            SEED.failing)) {
      Map<String, String> r = row(id);
      assertThat(r.get("submitted_at"))
          .isEqualTo(at(id, "submitted") + at(id, "break_glass_requested"));
      assertThat(r.get("approved_at"))
          .isEqualTo(at(id, "approved") + at(id, "break_glass_approved"));
      assertThat(r.get("reviewed_at")).isEqualTo(at(id, "break_glass_reviewed"));
      assertThat(r.get("last_extended_at")).isEqualTo(at(id, "extended"));
      assertThat(r.get("access_from")).isEqualTo(at(id, "step_granted"));
      assertThat(r.get("granted_at")).isEqualTo(at(id, "granted"));
      String decided = at(id, "denied") + at(id, "timed_out") + at(id, "cancelled");
      assertThat(r.get("decided_at")).isEqualTo(decided);
      String started =
          at(id, "expiry_reached") + at(id, "revocation_requested") + at(id, "grant_failed");
      assertThat(r.get("removal_started_at")).isEqualTo(started);
      assertThat(r.get("removed_at")).isEqualTo(at(id, "revoked") + at(id, "rolled_back"));
      List<dev.jit.spi.AuditRecord> trail = SEED.trail(id);
      assertThat(r.get("first_sequence")).isEqualTo(String.valueOf(trail.get(0).sequence()));
      assertThat(r.get("last_sequence"))
          .isEqualTo(String.valueOf(trail.get(trail.size() - 1).sequence()));
      assertThat(r.get("outcome"))
          .isEqualTo(trail.get(trail.size() - 1).entry().request().status().name());
    }
  }

  @Test
  @DisplayName(
      "approved, granted, extended and expired: both approvers, the time to approval, the granted"
          + " duration with its extension (a second one lapsed), how long access was held and how"
          + " late it was removed")
  void expired() {
    Map<String, String> r = row(SEED.expired);
    assertThat(SEED.first(SEED.expired, "extension_lapsed")).isPresent();
    assertThat(r)
        .containsEntry("requester", "UREQ")
        .containsEntry("resource", "prod-db")
        .containsEntry("role", "read")
        .containsEntry("ticket", "TCK-1")
        .containsEntry("justification", "Investigating INC-42, payments")
        .containsEntry("requested_duration", "PT1H")
        .containsEntry("required_approvals", "2")
        .containsEntry("approvers", "UO1;UO2")
        .containsEntry("approval_seconds", "600")
        .containsEntry("outcome", "EXPIRED")
        .containsEntry("granted_duration", "PT1H30M")
        .containsEntry("scheduled_end", "2026-11-25T11:10:00Z")
        .containsEntry("break_glass", "false")
        .containsEntry("review_due", "")
        .containsEntry("review_escalations", "")
        .containsEntry("extensions_requested", "2")
        .containsEntry("extensions_granted", "1")
        .containsEntry("extensions_refused", "1")
        .containsEntry("extended_by", "PT30M")
        .containsEntry("extension_approvers", "UO3")
        .containsEntry("last_extended_at", "2026-11-25T10:25:00Z")
        .containsEntry("removal_trigger", "expiry")
        .containsEntry("may_hold_access_at_end", "false")
        .containsEntry("overdue_at_end", "false");
    Instant from = Instant.parse(r.get("access_from"));
    Instant removed = Instant.parse(r.get("removed_at"));
    assertThat(r.get("held_seconds"))
        .isEqualTo(String.valueOf(Duration.between(from, removed).getSeconds()));
    assertThat(r.get("removal_lateness_seconds"))
        .isEqualTo(
            String.valueOf(
                Duration.between(Instant.parse(r.get("scheduled_end")), removed).getSeconds()));
  }

  @Test
  @DisplayName("denied, timed out and cancelled: who decided, when, and why; no access")
  void decisions() {
    assertThat(row(SEED.denied))
        .containsEntry("outcome", "DENIED")
        .containsEntry("decided_by", "UO3")
        .containsEntry("reason", "no change window today")
        .containsEntry("approvers", "")
        .containsEntry("access_from", "")
        .containsEntry("removed_at", "");
    assertThat(row(SEED.timedOut))
        .containsEntry("outcome", "TIMED_OUT")
        .containsEntry("decided_by", "")
        .containsEntry("decided_at", "2026-11-25T10:20:00Z");
    assertThat(row(SEED.cancelled))
        .containsEntry("outcome", "CANCELLED")
        .containsEntry("decided_by", "UO1")
        .containsEntry("decided_at", "2026-11-25T10:00:00Z");
  }

  @Test
  @DisplayName(
      "a failed grant: the failure, the step that was applied, and the rollback that removed it")
  void rolledBack() {
    Map<String, String> r = row(SEED.rolledBack);
    assertThat(r.get("outcome")).isEqualTo("ROLLED_BACK");
    assertThat(r.get("grant_failure")).contains("db-role");
    assertThat(r.get("removal_trigger")).isEqualTo("rollback");
    assertThat(r.get("access_from")).isNotEmpty();
    assertThat(r.get("granted_at")).isEmpty();
    assertThat(r.get("removed_at")).isEqualTo(at(SEED.rolledBack, "rolled_back")).isNotEmpty();
  }

  @Test
  @DisplayName("revoked early: who revoked, when removal started and when it was done")
  void revokedEarly() {
    assertThat(row(SEED.revoked))
        .containsEntry("outcome", "REVOKED")
        .containsEntry("decided_by", "UREQ")
        .containsEntry("approvers", "UO1")
        .containsEntry("removal_trigger", "revocation")
        .containsEntry("removal_started_at", "2026-11-25T10:30:00Z");
  }

  @Test
  @DisplayName(
      "a revocation still failing at the period's end: escalated, its failed attempts, access"
          + " overdue; its later expiry is not in the period's report")
  void failingAtTheEnd() {
    Map<String, String> r = row(SEED.failing);
    assertThat(r)
        .containsEntry("outcome", "REVOCATION_FAILING")
        .containsEntry("removal_trigger", "expiry")
        .containsEntry("removed_at", "")
        .containsEntry("removal_lateness_seconds", "")
        .containsEntry("may_hold_access_at_end", "true")
        .containsEntry("overdue_at_end", "true");
    assertThat(r.get("escalated_at")).isNotEmpty();
    assertThat(r)
        .as("its extension was denied: the expiry stood")
        .containsEntry("extensions_requested", "1")
        .containsEntry("extensions_granted", "0")
        .containsEntry("extensions_refused", "1")
        .containsEntry("extended_by", "PT0S")
        .containsEntry("granted_duration", "PT15M");
    assertThat(Integer.parseInt(r.get("failed_removal_attempts"))).isGreaterThanOrEqualTo(3);
    assertThat(SEED.world.load(SEED.failing).status()).isEqualTo(RequestStatus.EXPIRED);
  }

  @Test
  @DisplayName(
      "break-glass granted at once: marked, let through by system, and its 'not justified' review"
          + " with reviewer, comment and time from the review record")
  void breakGlassReviewed() {
    Map<String, String> r = row(SEED.breakGlass);
    dev.jit.spi.AuditRecord reviewed =
        SEED.trail(SEED.breakGlass).stream()
            .filter(x -> x.entry().action().equals("break_glass_reviewed"))
            .findFirst()
            .orElseThrow();
    assertThat(r)
        .containsEntry("break_glass", "true")
        .containsEntry("break_glass_approved_by", "system")
        .containsEntry("approvers", "")
        .containsEntry("justification", "INC-77: payments writes failing, fixing a stuck row")
        .containsEntry("ticket", "INC-77")
        .containsEntry("review_verdict", "NOT_JUSTIFIED")
        .containsEntry("reviewer", reviewed.entry().actor())
        .containsEntry("reviewer", "UO1")
        .containsEntry("review_comment", "no incident was open")
        .containsEntry("reviewed_at", reviewed.entry().at().toString())
        .containsEntry("review_escalations", "0")
        .containsEntry("review_overdue_at_end", "false")
        .containsEntry("outcome", "EXPIRED")
        .containsEntry("approval_seconds", "0");
    assertThat(r.get("review_due")).isNotEmpty();
  }

  @Test
  @DisplayName(
      "break-glass approved by the on-call engineer whose review was missed: each escalation"
          + " counted and the review overdue at the period's end")
  void breakGlassUnreviewed() {
    Map<String, String> r = row(SEED.unreviewed);
    long overdue =
        SEED.trail(SEED.unreviewed).stream()
            .filter(x -> x.entry().action().equals("break_glass_review_overdue"))
            .count();
    assertThat(overdue).isEqualTo(2);
    assertThat(r)
        .containsEntry("break_glass", "true")
        .containsEntry("break_glass_approved_by", "UONCALL")
        .containsEntry("approvers", "UONCALL")
        .containsEntry("review_due", "2026-11-25T11:02:00Z")
        .containsEntry("review_verdict", "")
        .containsEntry("reviewer", "")
        .containsEntry("review_escalations", "2")
        .containsEntry("review_overdue_at_end", "true");
  }

  @Test
  @DisplayName(
      "text cells are escaped per RFC 4180 and a cell a spreadsheet would run as a formula"
          + " starts with a quote")
  void escapingAndFormulas() {
    assertThat(row(SEED.denied).get("justification")).isEqualTo(SeededPeriod.MARKUP);
    assertThat(row(SEED.timedOut).get("justification")).isEqualTo("'" + SeededPeriod.FORMULA);
    for (String risky : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
      assertThat(CsvReport.cell(risky, true)).startsWith("'");
    }
    assertThat(CsvReport.cell("-5", false)).isEqualTo("-5");
    assertThat(CsvReport.cell("plain", true)).isEqualTo("plain");
  }

  @Test
  @DisplayName(
      "the report of a past period is the same whenever it is made: what happened after its end"
          + " changes nothing")
  void reproducible() {
    SeededPeriod stoppedAtTheEnd = new SeededPeriod(false);
    assertThat(stoppedAtTheEnd.world.audit.latest().orElseThrow().sequence())
        .isLessThan(SEED.world.audit.latest().orElseThrow().sequence());
    assertThat(csv(stoppedAtTheEnd.report())).isEqualTo(csv(SEED.report()));
  }
}
