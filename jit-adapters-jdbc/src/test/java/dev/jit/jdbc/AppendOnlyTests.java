package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.spi.AuditLog;
import dev.jit.spi.RequestId;
import dev.jit.testkit.SampleRequests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
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
  final String appUser = "jit_app_" + Long.toString(ProcessHandle.current().pid(), 36);
  TestDatabase db;
  AuditLog log;

  abstract Dialect dialect();

  /** SQL that lets the superuser change an audit row behind jit's back. */
  abstract String[] tamperWithRow2();

  /** The application's connection URL for {@link #appUser} in this test's schema. */
  abstract String appUrl();

  abstract String[] createAppUser();

  abstract String[] dropAppUser();

  @BeforeEach
  void threeRecords() {
    db = TestDatabase.create(dialect());
    log = new JdbcAuditLog(db.dataSource(), dialect());
    for (int v = 1; v <= 3; v++) {
      log.append(SampleRequests.entry(new RequestId("r-1"), v));
    }
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

  @Test
  @DisplayName("the verifier names a row a superuser altered after switching the protection off")
  void tamperDetected() {
    db.asAdmin(tamperWithRow2());
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).contains(2L);
    assertThat(result.problem()).contains("altered");
  }

  @Test
  @DisplayName(
      "with the documented grants the application can append and read, but not change history")
  void applicationRole() throws Exception {
    db.asAdmin(createAppUser());
    try {
      db.asAdmin(grants());
      try (HikariDataSource app = new HikariDataSource()) {
        app.setJdbcUrl(appUrl());
        app.setMaximumPoolSize(2);
        AuditLog appLog = new JdbcAuditLog(app, dialect());
        appLog.append(SampleRequests.entry(new RequestId("r-2"), 1));
        new JdbcRequestStore(app, dialect())
            .save(SampleRequests.pending(new RequestId("r-2"), SampleRequests.T0));
        assertThat(appLog.read(1, 10)).hasSize(4);
        assertThatThrownBy(() -> run(app, "UPDATE jit_audit SET actor = 'UMALLORY'"))
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> run(app, "DELETE FROM jit_audit"))
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> run(app, "TRUNCATE TABLE jit_audit"))
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> run(app, "DROP TABLE jit_audit")).isInstanceOf(SQLException.class);
        assertThat(AuditVerifier.verify(appLog).intact()).isTrue();
      }
    } finally {
      db.asAdmin(dropAppUser());
    }
  }

  private String[] grants() throws IOException {
    String file = dialect() == Dialect.POSTGRESQL ? "postgresql.sql" : "mariadb.sql";
    try (InputStream in = getClass().getResourceAsStream("/db/grants/" + file)) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> statements = new ArrayList<>();
      for (String line : sql.split("\n")) {
        if (line.startsWith("GRANT")) {
          statements.add(line.replace("jit_app", appUser).replace(";", ""));
        }
      }
      return statements.toArray(String[]::new);
    }
  }

  private static void run(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
