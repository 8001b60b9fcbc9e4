package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jit.app.config.Settings.DatabaseSettings;
import dev.jit.app.runtime.Database;
import dev.jit.jdbc.Dialect;
import dev.jit.jdbc.JdbcTimeouts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * jit's own pool bounds every connection as {@code settings.database} says: the server's statement
 * and lock timeouts are set on each connection, and a statement that would run longer is cancelled
 * with an error instead of holding the caller (an approval, a timer) for as long as it runs.
 */
class JitDatabaseTimeoutsIT {
  static final JdbcTimeouts SHORT =
      new JdbcTimeouts(
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(3));

  @TempDir Path dir;

  @OnEachServer
  @DisplayName(
      "every connection of jit's pool carries the statement and lock timeouts, and a longer"
          + " statement fails within them")
  void boundedStatements(Dialect dialect) throws Exception {
    ScratchDatabase.requireReachable(dialect);
    Env env = new Env(Map.of("JIT_DB_URL", ScratchDatabase.adminUrl(dialect)));
    DatabaseSettings settings = DatabaseSettings.defaults().with(SHORT);
    try (Database database = Database.open(env, dir, settings, false);
        Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        assertThat(value(s, "SHOW statement_timeout")).isEqualTo("1s");
        assertThat(value(s, "SHOW lock_timeout")).isEqualTo("3s");
      } else {
        assertThat(value(s, "SELECT @@max_statement_time")).startsWith("1");
        assertThat(value(s, "SELECT @@lock_wait_timeout")).isEqualTo("3");
        assertThat(value(s, "SELECT @@innodb_lock_wait_timeout")).isEqualTo("3");
      }
      String sleep = dialect == Dialect.POSTGRESQL ? "SELECT pg_sleep(60)" : "SELECT SLEEP(60)";
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> assertThatThrownBy(() -> s.executeQuery(sleep)).isInstanceOf(SQLException.class));
      assertThat(value(s, "SELECT 1")).as("the connection is still usable").isEqualTo("1");
    }
  }

  private static String value(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
