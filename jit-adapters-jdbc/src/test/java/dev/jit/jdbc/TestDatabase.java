package dev.jit.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, migrated schema on one of the real database servers of the machine (or an in-memory H2),
 * for one test. PostgreSQL and MariaDB are expected on 127.0.0.1 (override with {@code
 * -Djit.it.postgres.url} and {@code -Djit.it.mariadb.url}); when a server is unreachable the test
 * is skipped with a message saying so, unless {@code -Djit.it.required=true} (set by CI), which
 * makes it fail instead.
 */
final class TestDatabase implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Map<Dialect, String> UNREACHABLE = new ConcurrentHashMap<>();
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);

  private final Dialect dialect;
  private final String name;
  private final HikariDataSource dataSource;

  private TestDatabase(Dialect dialect, String name, HikariDataSource dataSource) {
    this.dialect = dialect;
    this.name = name;
    this.dataSource = dataSource;
  }

  static String adminUrl(Dialect d) {
    return switch (d) {
      case POSTGRESQL ->
          System.getProperty(
              "jit.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
      case MARIADB ->
          System.getProperty(
              "jit.it.mariadb.url",
              "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable");
      case H2 -> "jdbc:h2:mem:admin";
    };
  }

  /**
   * A new schema (PostgreSQL), database (MariaDB) or in-memory database (H2) with jit's migrations
   * applied.
   */
  static TestDatabase create(Dialect dialect) {
    requireReachable(dialect);
    String name = "jit_t_" + RUN + "_" + COUNTER.incrementAndGet();
    String url;
    switch (dialect) {
      case POSTGRESQL -> {
        admin(dialect, "CREATE SCHEMA " + name);
        url = adminUrl(dialect) + "&currentSchema=" + name;
      }
      case MARIADB -> {
        admin(dialect, "CREATE DATABASE " + name);
        url = adminUrl(dialect).replace("/test?", "/" + name + "?");
      }
      default -> url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    config.setPoolName(name);
    HikariDataSource ds = new HikariDataSource(config);
    Flyway.configure().dataSource(ds).locations(dialect.migrations()).load().migrate();
    return new TestDatabase(dialect, name, ds);
  }

  DataSource dataSource() {
    return dataSource;
  }

  Dialect dialect() {
    return dialect;
  }

  /** The schema (PostgreSQL) or database (MariaDB) name. */
  String name() {
    return name;
  }

  /** Runs SQL as the administrator, in this test's schema or database. */
  void asAdmin(String... statements) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    switch (dialect) {
      case POSTGRESQL -> admin(dialect, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
      case MARIADB -> admin(dialect, "DROP DATABASE IF EXISTS " + name);
      default -> {}
    }
  }

  static void requireReachable(Dialect dialect) {
    if (dialect == Dialect.H2) {
      return;
    }
    String problem =
        UNREACHABLE.computeIfAbsent(
            dialect,
            d -> {
              DriverManager.setLoginTimeout(3);
              try (Connection c = DriverManager.getConnection(adminUrl(d))) {
                return "";
              } catch (SQLException e) {
                return e.getMessage();
              }
            });
    if (problem.isEmpty()) {
      return;
    }
    String message = dialect + " is not reachable at " + adminUrl(dialect) + " (" + problem + ")";
    if (Boolean.getBoolean("jit.it.required")) {
      fail(message + "; integration tests are required here (jit.it.required=true)");
    }
    Assumptions.abort(message + ": skipping this integration test");
  }

  private static void admin(Dialect dialect, String sql) {
    try (Connection c = DriverManager.getConnection(adminUrl(dialect));
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
