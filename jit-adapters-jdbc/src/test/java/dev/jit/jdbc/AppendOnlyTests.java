package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.spi.AuditLog;
import dev.jit.spi.RequestId;
import dev.jit.testkit.SampleRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The audit table is append-only because the database says so, not only because jit's code never
 * updates it; and when someone with the power to switch that off changes a row anyway, verification
 * names the row.
 */
abstract class AppendOnlyTests {
  TestDatabase db;
  AuditLog log;

  abstract Dialect dialect();

  /** Changes the actor of audit row 2; the triggers refuse it. */
  static final String ALTER_ROW_2 =
      "UPDATE jit_audit SET record = replace(record, '\"detail\":\"\"', '\"detail\":\"UMALLORY\"')"
          + " WHERE sequence = 2";

  /** SQL that lets the superuser change an audit row behind jit's back, ending in ALTER_ROW_2. */
  abstract String[] tamperWithRow2();

  @BeforeEach
  void threeRecords() {
    db = TestDatabase.create(dialect());
    log = new JdbcAuditLog(db.dataSource(), dialect());
    SampleRequests.history(new RequestId("r-1"), 3).forEach(log::append);
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  @DisplayName("the database rejects UPDATE and DELETE of audit rows, even from the table's owner")
  void updateAndDeleteRejected() {
    assertThatThrownBy(
            () -> db.asAdmin("UPDATE jit_audit SET actor = 'UMALLORY' WHERE sequence = 2"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> db.asAdmin("DELETE FROM jit_audit WHERE sequence = 3"))
        .hasMessageContaining("append-only");
    assertThat(log.read(1, 10)).hasSize(3);
    assertThat(AuditVerifier.verify(log).intact()).isTrue();
  }

  /** What the database says when it refuses TRUNCATE. */
  abstract String truncateRefusal();

  @Test
  @DisplayName("the database rejects TRUNCATE of the audit table, even from the table's owner")
  void truncateRejected() {
    assertThatThrownBy(() -> db.asAdmin("TRUNCATE TABLE jit_audit"))
        .hasMessageContaining(truncateRefusal());
    assertThat(log.read(1, 10)).hasSize(3);
  }

  @Test
  @DisplayName("the verifier names a row a superuser altered after switching the protection off")
  void tamperDetected() {
    db.asAdmin(tamperWithRow2());
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).contains(2L);
    assertThat(result.problem()).contains("altered");
  }
}
