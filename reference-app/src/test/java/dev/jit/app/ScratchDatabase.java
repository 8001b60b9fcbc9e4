package dev.jit.app;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jit.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A new, empty database on one of the machine's real servers, set up as docs/getting-started.md
 * tells operators to: an owner login that owns it (and runs {@code jit db migrate}), and an
 * application login that owns nothing and gets only what the shipped grants script gives it. The
 * server's administrator (PostgreSQL on 127.0.0.1:5432 as {@code root}, MariaDB on 127.0.0.1:3306
 * as {@code root}; override with {@code -Djit.it.postgres.url} / {@code -Djit.it.mariadb.url})
 * creates and drops them. An unreachable server skips the test, unless {@code
 * -Djit.it.required=true}.
 */
final class ScratchDatabase implements AutoCloseable {
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final Dialect dialect;
  final String name;
  final String owner;
  final String app;
  final String ownerPassword = "owner-secret";
  final String appPassword = "app-secret";

  private ScratchDatabase(Dialect dialect, String suffix) {
    this.dialect = dialect;
    this.name = "dbops_" + suffix;
    this.owner = "dbops_own_" + suffix;
    this.app = "dbops_app_" + suffix;
  }

  static ScratchDatabase create(Dialect dialect) {
    requireReachable(dialect);
    ScratchDatabase db = new ScratchDatabase(dialect, RUN + "_" + COUNTER.incrementAndGet());
    if (dialect == Dialect.POSTGRESQL) {
      db.admin(
          "CREATE ROLE " + db.owner + " LOGIN PASSWORD '" + db.ownerPassword + "'",
          "CREATE ROLE " + db.app + " LOGIN PASSWORD '" + db.appPassword + "'",
          "CREATE DATABASE " + db.name + " OWNER " + db.owner);
    } else {
      db.admin(
          "CREATE DATABASE " + db.name,
          "CREATE USER '" + db.owner + "'@'%' IDENTIFIED BY '" + db.ownerPassword + "'",
          "GRANT ALL PRIVILEGES ON " + db.name + ".* TO '" + db.owner + "'@'%' WITH GRANT OPTION",
          "CREATE USER '" + db.app + "'@'%' IDENTIFIED BY '" + db.appPassword + "'");
    }
    return db;
  }

  static String adminUrl(Dialect d) {
    return d == Dialect.POSTGRESQL
        ? System.getProperty(
            "jit.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=root")
        : System.getProperty(
            "jit.it.mariadb.url",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable");
  }

  /** jit's JDBC URL, without credentials: they come from the environment. */
  String url() {
    String server = adminUrl(dialect).replaceFirst("/[^/?]*\\?.*$", "/");
    return server + name + (dialect == Dialect.MARIADB ? "?sslMode=disable" : "");
  }

  /** What {@code jit db migrate} reads: the URL and the owner's login. */
  Map<String, String> ownerEnv() {
    return Map.of(
        "JIT_DB_URL", url(), "JIT_DB_OWNER_USER", owner, "JIT_DB_OWNER_PASSWORD", ownerPassword);
  }

  /** What {@code serve} reads: the URL and the application's login. */
  Map<String, String> appEnv() {
    return Map.of("JIT_DB_URL", url(), "JIT_DB_USER", app, "JIT_DB_PASSWORD", appPassword);
  }

  Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(url(), user, password);
  }

  Connection asApp() throws SQLException {
    return connect(app, appPassword);
  }

  /** The shipped grants script's statements for this dialect, for the application login. */
  List<String> grantsScript() {
    String file = dialect == Dialect.POSTGRESQL ? "postgresql.sql" : "mariadb.sql";
    try (InputStream in = ScratchDatabase.class.getResourceAsStream("/db/grants/" + file)) {
      StringBuilder sql = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.strip().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      List<String> statements = new ArrayList<>();
      for (String statement : sql.toString().split(";")) {
        if (!statement.isBlank()) {
          statements.add(statement.strip().replace("jit_app", app));
        }
      }
      return statements;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the grants script as the owner, as the guide says. */
  void runGrantsScript() throws SQLException {
    try (Connection c = connect(owner, ownerPassword);
        Statement s = c.createStatement()) {
      for (String sql : grantsScript()) {
        s.execute(sql);
      }
    }
  }

  /** Runs SQL as the server's administrator, outside this database. */
  void admin(String... statements) {
    try (Connection c = DriverManager.getConnection(adminUrl(dialect));
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (dialect == Dialect.POSTGRESQL) {
      admin(
          "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
          "DROP ROLE IF EXISTS " + owner,
          "DROP ROLE IF EXISTS " + app);
    } else {
      admin(
          "DROP DATABASE IF EXISTS " + name,
          "DROP USER IF EXISTS '" + owner + "'@'%'",
          "DROP USER IF EXISTS '" + app + "'@'%'");
    }
  }

  static void requireReachable(Dialect dialect) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(adminUrl(dialect))) {
      return;
    } catch (SQLException e) {
      String message =
          dialect + " is not reachable at " + adminUrl(dialect) + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("jit.it.required")) {
        fail(message + "; integration tests are required here (jit.it.required=true)");
      }
      Assumptions.abort(message + ": skipping this integration test");
    }
  }
}
