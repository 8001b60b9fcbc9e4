package dev.jit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.jit.spi.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bounds every connection of a HikariCP pool gets, so that a database that hangs (a held lock,
 * a stuck server, a dropped network) fails a call instead of holding its thread for ever. The
 * driver gives up on a TCP connect after {@code connect} and on a silent server after {@code
 * socket}; the server cancels a statement after {@code statement} and a lock wait after {@code
 * lock}. The server's limits are the ones that fire first ({@code socket} must be longer than
 * {@code statement}), leaving the connection usable. A cancelled statement fails with a SQL state
 * that {@link DatabaseRoleBackend} reports as retryable.
 *
 * <ul>
 *   <li>PostgreSQL: driver properties {@code connectTimeout}, {@code loginTimeout} and {@code
 *       socketTimeout}; {@code SET statement_timeout} and {@code lock_timeout} on each connection.
 *   <li>MariaDB: driver properties {@code connectTimeout} and {@code socketTimeout}; {@code SET
 *       SESSION max_statement_time}, {@code lock_wait_timeout} (metadata locks, such as a {@code
 *       GRANT} behind a {@code LOCK TABLES}) and {@code innodb_lock_wait_timeout} (row locks).
 *   <li>H2 (embedded, in the same process): none.
 * </ul>
 *
 * <p>Driver timeouts count whole seconds (MariaDB's milliseconds are set from them), so each bound
 * must be a positive number of whole seconds.
 */
public record JdbcTimeouts(Duration connect, Duration socket, Duration statement, Duration lock) {

  public JdbcTimeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(lock, "lock");
  }

  /** 10 s to connect, 60 s of silence, 30 s per statement, 10 s per lock wait. */
  public static JdbcTimeouts defaults() {
    return new JdbcTimeouts(
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }

  /**
   * What is wrong with these bounds, by the configuration keys {@code connectTimeout}, {@code
   * socketTimeout}, {@code statementTimeout} and {@code lockTimeout}; empty when they are usable.
   */
  public List<Problem> problems() {
    List<Problem> out = new ArrayList<>();
    wholeSeconds(out, "connectTimeout", connect);
    wholeSeconds(out, "socketTimeout", socket);
    wholeSeconds(out, "statementTimeout", statement);
    wholeSeconds(out, "lockTimeout", lock);
    if (out.isEmpty() && socket.compareTo(statement) <= 0) {
      out.add(
          new Problem(
              "socketTimeout",
              "must be longer than statementTimeout, so that the server cancels a slow statement"
                  + " before the driver drops the connection"));
    }
    return List.copyOf(out);
  }

  /**
   * Sets these bounds on {@code config}, by the driver its JDBC URL names; the URL must be set.
   *
   * @throws IllegalArgumentException when the bounds have {@link #problems()}
   */
  public void applyTo(HikariConfig config) {
    if (!problems().isEmpty()) {
      throw new IllegalArgumentException("unusable timeouts: " + problems());
    }
    String url = Objects.requireNonNull(config.getJdbcUrl(), "jdbcUrl");
    if (url.startsWith("jdbc:postgresql:")) {
      config.addDataSourceProperty("connectTimeout", Long.toString(connect.toSeconds()));
      config.addDataSourceProperty("loginTimeout", Long.toString(connect.toSeconds()));
      config.addDataSourceProperty("socketTimeout", Long.toString(socket.toSeconds()));
      config.setConnectionInitSql(
          "SET statement_timeout = "
              + statement.toMillis()
              + "; SET lock_timeout = "
              + lock.toMillis());
    } else if (url.startsWith("jdbc:mariadb:")) {
      config.addDataSourceProperty("connectTimeout", Long.toString(connect.toMillis()));
      config.addDataSourceProperty("socketTimeout", Long.toString(socket.toMillis()));
      config.setConnectionInitSql(
          "SET SESSION max_statement_time = "
              + statement.toSeconds()
              + ", SESSION lock_wait_timeout = "
              + lock.toSeconds()
              + ", SESSION innodb_lock_wait_timeout = "
              + lock.toSeconds());
    }
  }

  private static void wholeSeconds(List<Problem> out, String key, Duration d) {
    if (d.isZero() || d.isNegative()) {
      out.add(new Problem(key, "must be positive"));
    } else if (d.toMillis() % 1000 != 0) {
      out.add(new Problem(key, "must be whole seconds (the drivers count seconds)"));
    }
  }
}
