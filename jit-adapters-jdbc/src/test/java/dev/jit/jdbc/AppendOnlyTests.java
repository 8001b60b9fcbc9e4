package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditLog;
import dev.jit.spi.RequestId;
import dev.jit.testkit.SampleRequests;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /** SQL that lets the superuser change audit rows behind jit's back. */
  abstract String[] unprotect();

  /** SQL that switches the protection back on after {@link #unprotect} (none where it is gone). */
  String[] protect() {
    return new String[0];
  }

  /** Runs {@code sql} as the superuser with the protection off, then switches it back on. */
  void asOwner(String... sql) {
    db.asAdmin(unprotect());
    db.asAdmin(sql);
    db.asAdmin(protect());
  }

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
    asOwner(ALTER_ROW_2);
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).contains(2L);
    assertThat(result.problem()).contains("altered");
  }

  @ParameterizedTest(name = "SET {0} WHERE sequence = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "request_id = 'r-9'        | 2 | request_id",
        "request_version = 7       | 2 | request_version",
        "at = at + 1               | 2 | at",
        "action = 'revoked'        | 2 | action",
        "actor = 'UMALLORY'        | 2 | actor",
        "previous_hash = hash      | 2 | previous_hash",
        "sequence = 9              | 3 | sequence",
        "hash = previous_hash      | 2 | content does not match its hash",
        "record = replace(record, '\"detail\":\"\"', '\"detail\": \"\"') | 2"
            + " | content does not match its hash",
      })
  @DisplayName(
      "the verifier names a row whose columns or text a superuser changed without the rest")
  void partialEditDetected(String assignment, long row, String named) {
    asOwner("UPDATE jit_audit SET " + assignment + " WHERE sequence = " + row);
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).as(result.toString()).contains(row);
    assertThat(result.problem()).contains(named);
  }

  @Test
  @DisplayName(
      "the verifier names a row whose text and columns a superuser re-linked and re-hashed alone")
  void relinkedRowDetected() throws SQLException {
    String genesis = "\"previousHash\":\"" + AuditChain.GENESIS + "\"";
    rehash(2, t -> t.replaceFirst("\"previousHash\":\"[0-9a-f]{64}\"", genesis));
    asOwner("UPDATE jit_audit SET previous_hash = '" + AuditChain.GENESIS + "' WHERE sequence = 2");
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).as(result.toString()).contains(2L);
    assertThat(result.problem()).contains("previousHash does not match the hash of record 1");
  }

  @Test
  @DisplayName(
      "the verifier names a row whose text and columns a superuser renumbered and re-hashed alone")
  void renumberedRowDetected() throws SQLException {
    rehash(3, t -> t.replaceFirst("^\\{\"sequence\":3,", "{\"sequence\":4,"));
    asOwner("UPDATE jit_audit SET sequence = 4 WHERE sequence = 3");
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).as(result.toString()).contains(3L);
    assertThat(result.problem()).contains("expected sequence 3 but found 4");
  }

  private String column(long row, String name) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + name + " FROM jit_audit WHERE sequence = ?")) {
      ps.setLong(1, row);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /**
   * What an owner does to one row: changes its text, stores the text's true hash beside it (and the
   * columns as the text says), leaving every other row as it was.
   */
  private void rehash(long row, UnaryOperator<String> change) throws SQLException {
    String before = column(row, "record");
    String after = change.apply(before);
    assertThat(after).as("the change changes something").isNotEqualTo(before);
    db.asAdmin(unprotect());
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE jit_audit SET record = ?, hash = ? WHERE sequence = ?")) {
      ps.setString(1, after);
      ps.setString(2, AuditChain.hash(after));
      ps.setLong(3, row);
      ps.executeUpdate();
    }
    db.asAdmin(protect());
  }
}
