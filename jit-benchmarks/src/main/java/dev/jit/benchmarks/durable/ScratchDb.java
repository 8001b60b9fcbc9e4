package dev.jit.benchmarks.durable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jit.jdbc.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A scratch PostgreSQL database for one scenario: created empty ({@code perf_<what>_<pid>}),
 * migrated with jit's Flyway migrations, dropped on close. Autovacuum is off for every jit table,
 * and nothing runs ANALYZE, so the planner works without statistics, as on a freshly loaded
 * database.
 */
final class ScratchDb implements AutoCloseable {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "root";

  final String name;
  final String url;
  final HikariDataSource pool;

  ScratchDb(String what, int poolSize) {
    this.name = "perf_" + what + "_" + ProcessHandle.current().pid();
    admin("DROP DATABASE IF EXISTS " + name);
    admin("CREATE DATABASE " + name);
    this.url = SERVER + name + "?user=" + USER + "&reWriteBatchedInserts=true";
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(poolSize);
    c.setPoolName(name);
    this.pool = new HikariDataSource(c);
    Flyway.configure().dataSource(pool).locations(Dialect.of(pool).migrations()).load().migrate();
    for (String t : new String[] {"jit_request", "jit_audit", "scheduled_tasks"}) {
      exec("ALTER TABLE " + t + " SET (autovacuum_enabled = false)");
    }
  }

  void exec(String sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  long count(String sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=" + USER);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
