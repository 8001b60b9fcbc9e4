package dev.jit.jdbc.internal;

import dev.jit.spi.JitException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connection handling shared by the JDBC adapters: one place that opens, commits and turns errors
 * into ours.
 */
public final class Sql {
  private Sql() {}

  /** Work on a connection that may throw {@link SQLException}. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on its own connection in auto-commit mode. */
  public static <T> T run(DataSource ds, String what, Work<T> work) {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws.
   * Runtime exceptions thrown by the work pass through unchanged after the rollback.
   */
  public static <T> T transaction(DataSource ds, String what, Work<T> work) {
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  public static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  /**
   * The SQL state and message name the problem; parameters (which may be personal data) are not
   * included.
   */
  public static JitException failure(String what, SQLException e) {
    return new JitException(
        what + " failed: SQLState " + e.getSQLState() + ": " + e.getMessage(), e);
  }
}
