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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On a database server the application connects as its own role, and the documented grants (in
 * {@code db/grants/}) leave that role unable to change history even where no trigger could stop it.
 */
abstract class ServerAppendOnlyTests extends AppendOnlyTests {
  final String appUser = "jit_app_" + Long.toString(ProcessHandle.current().pid(), 36);

  /** The application's connection URL for {@link #appUser} in this test's schema. */
  abstract String appUrl();

  abstract String[] createAppUser();

  abstract String[] dropAppUser();

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
        appLog.append(SampleRequests.history(new RequestId("r-2"), 1).get(0));
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
