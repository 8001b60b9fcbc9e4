package dev.jit.jdbc.internal;

import dev.jit.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of {@code DatabaseRoleBackend} per dialect: quoting, catalog reads, session ending and
 * what an error means. Identifiers reaching it have already been checked against the backend's
 * strict pattern.
 */
public final class RoleSql {
  private static final Logger LOG = LoggerFactory.getLogger(RoleSql.class);

  /** MariaDB: unknown role or role not granted; invalid account; cannot revoke; no such user. */
  private static final Set<Integer> MARIADB_GONE = Set.of(1959, 1960, 1962, 1133);

  private static final Set<Integer> H2_GONE =
      Set.of(
          ErrorCode.ROLE_NOT_FOUND_1,
          ErrorCode.USER_NOT_FOUND_1,
          ErrorCode.USER_OR_ROLE_NOT_FOUND_1);

  private final Dialect dialect;
  private final String host;

  public RoleSql(Dialect dialect, String host) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.host = Objects.requireNonNull(host, "host");
  }

  /** The identifier quoted for the dialect (H2 keeps unquoted names upper-case). */
  public String quote(String identifier) {
    return switch (dialect) {
      case POSTGRESQL -> "\"" + identifier + "\"";
      case MARIADB -> "`" + identifier + "`";
      case H2 -> "\"" + identifier.toUpperCase(Locale.ROOT) + "\"";
    };
  }

  /** The grantee of a statement: {@code 'user'@'host'} on MariaDB, the quoted name elsewhere. */
  public String grantee(String user) {
    return dialect == Dialect.MARIADB ? "'" + user + "'@'" + host + "'" : quote(user);
  }

  /** Whether {@code user} is a member of {@code role} now, whoever granted it. */
  public boolean holds(Connection c, String role, String user) throws SQLException {
    String sql =
        switch (dialect) {
          case POSTGRESQL ->
              "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                  + " JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = ? AND u.rolname = ?";
          case MARIADB ->
              "SELECT 1 FROM mysql.roles_mapping WHERE Role = ? AND User = ? AND Host = ?";
          case H2 ->
              "SELECT 1 FROM INFORMATION_SCHEMA.RIGHTS WHERE GRANTEETYPE = 'USER'"
                  + " AND GRANTEDROLE = ? AND GRANTEE = ?";
        };
    Object[] params =
        switch (dialect) {
          case POSTGRESQL -> new Object[] {role, user};
          case MARIADB -> new Object[] {role, user, host};
          case H2 -> new Object[] {role.toUpperCase(Locale.ROOT), user.toUpperCase(Locale.ROOT)};
        };
    try (PreparedStatement ps = Sql.prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /**
   * The (role, user) memberships of {@code roles} that are access grants this backend's login made,
   * lower-cased: never a membership with admin option, never the login itself; on PostgreSQL only
   * memberships whose grantor is the login ({@code current_user}). MariaDB and H2 record no
   * grantor, so there every other member of the roles is listed.
   */
  public List<Map.Entry<String, String>> members(Connection c, Collection<String> roles)
      throws SQLException {
    String marks = String.join(", ", Collections.nCopies(roles.size(), "?"));
    String sql =
        switch (dialect) {
          case POSTGRESQL ->
              "SELECT r.rolname, u.rolname FROM pg_auth_members m"
                  + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                  + " WHERE r.rolname IN ("
                  + marks
                  + ") AND NOT m.admin_option"
                  + " AND m.grantor = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
                  + " AND u.rolname <> current_user AND u.rolname <> session_user";
          case MARIADB ->
              "SELECT Role, User FROM mysql.roles_mapping WHERE Admin_option = 'N'"
                  + " AND Role IN ("
                  + marks
                  + ") AND Host = ? AND User <> SUBSTRING_INDEX(CURRENT_USER(), '@', 1)";
          case H2 ->
              "SELECT GRANTEDROLE, GRANTEE FROM INFORMATION_SCHEMA.RIGHTS"
                  + " WHERE GRANTEETYPE = 'USER' AND GRANTEDROLE IN ("
                  + marks
                  + ") AND GRANTEE <> CURRENT_USER";
        };
    List<Object> params = new ArrayList<>();
    for (String r : roles) {
      params.add(dialect == Dialect.H2 ? r.toUpperCase(Locale.ROOT) : r);
    }
    if (dialect == Dialect.MARIADB) {
      params.add(host);
    }
    List<Map.Entry<String, String>> out = new ArrayList<>();
    try (PreparedStatement ps = Sql.prepare(c, sql, params.toArray());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            Map.entry(
                rs.getString(1).toLowerCase(Locale.ROOT),
                rs.getString(2).toLowerCase(Locale.ROOT)));
      }
    }
    return out;
  }

  /** MariaDB: the account's default role, if the account exists. */
  public Optional<String> defaultRole(Connection c, String user) throws SQLException {
    try (PreparedStatement ps =
            Sql.prepare(
                c, "SELECT default_role FROM mysql.user WHERE User = ? AND Host = ?", user, host);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    }
  }

  /** Ends the open sessions of {@code user} other than this one. */
  public void endSessions(Connection c, String user) throws SQLException {
    switch (dialect) {
      case POSTGRESQL -> {
        try (PreparedStatement ps =
                Sql.prepare(
                    c,
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE usename = ? AND pid <> pg_backend_pid()",
                    user);
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            // one row per session signalled
          }
        }
      }
      case MARIADB -> {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps =
                Sql.prepare(
                    c,
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()",
                    user);
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
        for (long id : ids) {
          try {
            update(c, "KILL CONNECTION " + id);
          } catch (SQLException gone) {
            LOG.debug("session {} of {} ended before it could be killed", id, user);
          }
        }
      }
      case H2 -> LOG.debug("H2 keeps no sessions of other users to end");
    }
  }

  /** PostgreSQL: sets {@code user}'s VALID UNTIL to {@code at}. */
  public void validUntil(Connection c, String user, java.time.Instant at) throws SQLException {
    update(c, "ALTER ROLE " + quote(user) + " VALID UNTIL '" + at + "'");
  }

  /** PostgreSQL: whether {@code user}'s VALID UNTIL is unset or earlier than {@code at}. */
  public boolean validUntilBefore(Connection c, String user, java.time.Instant at)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
      s.setString(1, user);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        java.sql.Timestamp t = rs.getTimestamp(1);
        return t == null || t.toInstant().isBefore(at);
      }
    }
  }

  public static void update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Whether a revoking statement failed because the role, the user or the membership no longer
   * exists: PostgreSQL {@code 42704} undefined_object, MariaDB 1959/1960/1962/1133, H2's role and
   * user not found. What is gone is revoked.
   */
  public boolean gone(SQLException e) {
    return switch (dialect) {
      case POSTGRESQL -> "42704".equals(e.getSQLState());
      case MARIADB -> MARIADB_GONE.contains(e.getErrorCode());
      case H2 -> H2_GONE.contains(e.getErrorCode());
    };
  }

  /**
   * Connection trouble (a socket timeout among it), deadlocks, serialization failures, shutdowns,
   * and a statement or lock wait cut short by the timeouts of {@link dev.jit.jdbc.JdbcTimeouts}
   * (PostgreSQL {@code 57014} and {@code 55P03}; MariaDB 1205 and 1969) may pass; the rest will
   * not.
   */
  public static boolean retryable(SQLException e) {
    String state = Objects.requireNonNullElse(e.getSQLState(), "");
    return state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.equals("55P03")
        || state.equals("40001")
        || state.equals("40P01")
        || e.getErrorCode() == MARIADB_DEADLOCK
        || e.getErrorCode() == MARIADB_LOCK_WAIT_TIMEOUT
        || e.getErrorCode() == MARIADB_STATEMENT_TIMEOUT;
  }

  private static final int MARIADB_DEADLOCK = 1213;
  private static final int MARIADB_LOCK_WAIT_TIMEOUT = 1205;
  private static final int MARIADB_STATEMENT_TIMEOUT = 1969;
}
