package dev.jit.jdbc;

import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.StepRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants database roles: {@code GRANT role TO user} on PostgreSQL and H2; on MariaDB the role is
 * granted and made the user's default role ({@code SET DEFAULT ROLE}), because a granted role is
 * inactive until set.
 *
 * <p>A step names the role in {@code target.role}; the principal is the database user. Both must
 * match {@code [a-z_][a-z0-9_]{0,62}} (plain ASCII: no quotes, spaces, comments or look-alike
 * letters) and the role must be one this backend manages, or the call fails before any SQL is sent.
 * Identifiers are then quoted per dialect.
 *
 * <p>Idempotent: granting a held role and revoking an absent one succeed. {@link #check} and {@link
 * #holdings} read the catalog (members of the managed roles only). Options: end the user's open
 * sessions on revoke, so access already in use ends too; on PostgreSQL, set {@code VALID UNTIL} to
 * the expiry on grant, a second line of defence for logins that exist only for jit grants (it
 * expires the password, not other authentication).
 */
public final class DatabaseRoleBackend implements GrantBackend {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseRoleBackend.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.%_-]{1,60}");

  private final String type;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final Set<String> managedRoles;
  private final boolean endSessionsOnRevoke;
  private final boolean validUntil;
  private final String host;
  private final AutoCloseable owned;

  private DatabaseRoleBackend(Builder b) {
    this.type = b.type;
    this.dataSource = b.dataSource;
    this.dialect = b.dialect != null ? b.dialect : Dialect.of(b.dataSource);
    this.managedRoles = Collections.unmodifiableSet(new TreeSet<>(b.managedRoles));
    this.endSessionsOnRevoke = b.endSessionsOnRevoke;
    this.validUntil = b.validUntil;
    this.host = b.host;
    this.owned = b.owned;
  }

  /**
   * What a database-role step may say: {@code target.role} only, one of {@code managedRoles}, for a
   * {@code db-user} principal.
   */
  public static StepRules stepRules(Set<String> managedRoles) {
    return StepRules.builder()
        .require("role")
        .principalKinds("db-user")
        .scope("role", managedRoles, "role")
        .build();
  }

  @Override
  public StepRules stepRules() {
    return stepRules(managedRoles);
  }

  /** Closes the pool this backend was given to own, if any; a shared data source stays open. */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOG.warn("{}: closing its connection pool failed", type, e);
      }
    }
  }

  /** A backend of the given type (the name grant steps use, e.g. {@code postgres-role}). */
  public static Builder builder(String type, DataSource dataSource) {
    return new Builder(type, dataSource);
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public void grant(Grant grant) {
    String role = role(grant.step());
    String user = user(grant.step());
    execute(
        "granting " + role + " to " + user,
        c -> {
          switch (dialect) {
            case POSTGRESQL -> {
              update(c, "GRANT " + quote(role) + " TO " + quote(user));
              if (validUntil) {
                update(
                    c,
                    "ALTER ROLE "
                        + quote(user)
                        + " VALID UNTIL '"
                        + timestamp(grant.expiresAt())
                        + "'");
              }
            }
            case MARIADB -> {
              update(c, "GRANT " + quote(role) + " TO " + account(user));
              update(c, "SET DEFAULT ROLE " + quote(role) + " FOR " + account(user));
            }
            case H2 -> {
              if (!holds(c, role, user)) {
                update(c, "GRANT " + quote(role) + " TO " + quote(user));
              }
            }
          }
          return null;
        });
  }

  @Override
  public void revoke(Grant grant) {
    String role = role(grant.step());
    String user = user(grant.step());
    execute(
        "revoking " + role + " from " + user,
        c -> {
          switch (dialect) {
            case POSTGRESQL -> update(c, "REVOKE " + quote(role) + " FROM " + quote(user));
            case MARIADB -> {
              if (holds(c, role, user)) {
                update(c, "REVOKE " + quote(role) + " FROM " + account(user));
              }
              if (role.equals(defaultRole(c, user).orElse(""))) {
                update(c, "SET DEFAULT ROLE NONE FOR " + account(user));
              }
            }
            case H2 -> {
              if (holds(c, role, user)) {
                update(c, "REVOKE " + quote(role) + " FROM " + quote(user));
              }
            }
          }
          if (endSessionsOnRevoke) {
            endSessions(c, user);
          }
          return null;
        });
  }

  @Override
  public GrantCheck check(Grant grant) {
    String role = role(grant.step());
    String user = user(grant.step());
    return execute(
        "checking " + role + " of " + user,
        c -> holds(c, role, user) ? GrantCheck.HELD : GrantCheck.ABSENT);
  }

  @Override
  public Optional<Set<GrantStep>> holdings() {
    if (managedRoles.isEmpty()) {
      return Optional.of(Set.of());
    }
    List<String> roles = new ArrayList<>(managedRoles);
    String marks = String.join(", ", Collections.nCopies(roles.size(), "?"));
    String sql =
        switch (dialect) {
          case POSTGRESQL ->
              "SELECT r.rolname, u.rolname FROM pg_auth_members m"
                  + " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                  + " WHERE r.rolname IN ("
                  + marks
                  + ")";
          case MARIADB ->
              "SELECT Role, User FROM mysql.roles_mapping WHERE Admin_option = 'N'"
                  + " AND Role IN ("
                  + marks
                  + ") AND Host = ?";
          case H2 ->
              "SELECT GRANTEDROLE, GRANTEE FROM INFORMATION_SCHEMA.RIGHTS"
                  + " WHERE GRANTEETYPE = 'USER' AND GRANTEDROLE IN ("
                  + marks
                  + ")";
        };
    List<Object> params = new ArrayList<>();
    for (String r : roles) {
      params.add(dialect == Dialect.H2 ? r.toUpperCase(Locale.ROOT) : r);
    }
    if (dialect == Dialect.MARIADB) {
      params.add(host);
    }
    return Optional.of(
        execute(
            "listing members of the managed roles",
            c -> {
              Set<GrantStep> held = new HashSet<>();
              try (PreparedStatement ps = Sql.prepare(c, sql, params.toArray());
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  String role = rs.getString(1).toLowerCase(Locale.ROOT);
                  String user = rs.getString(2).toLowerCase(Locale.ROOT);
                  held.add(new GrantStep(type, Map.of("role", role), user));
                }
              }
              return held;
            }));
  }

  // ------------------------------------------------------------------ identifiers

  private String role(GrantStep step) {
    String role = identifier("role", step.targetValue("role"));
    if (!managedRoles.contains(role)) {
      throw BackendException.permanent(
          "role '"
              + role
              + "' is not managed by backend "
              + type
              + " (managed: "
              + managedRoles
              + ")");
    }
    return role;
  }

  private static String user(GrantStep step) {
    return identifier("database user", step.principal());
  }

  private static String identifier(String what, String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw BackendException.permanent(
          what
              + " '"
              + dev.jit.spi.Ids.printable(value)
              + "' is not a valid name: use lower-case letters, digits and _ only, at most 63,"
              + " starting with a letter or _");
    }
    return value;
  }

  private String quote(String identifier) {
    return switch (dialect) {
      case POSTGRESQL -> "\"" + identifier + "\"";
      case MARIADB -> "`" + identifier + "`";
      case H2 -> "\"" + identifier.toUpperCase(Locale.ROOT) + "\"";
    };
  }

  private String account(String user) {
    return "'" + user + "'@'" + host + "'";
  }

  private static String timestamp(Instant at) {
    return at.toString();
  }

  // ------------------------------------------------------------------ catalog reads

  private boolean holds(Connection c, String role, String user) throws SQLException {
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

  private Optional<String> defaultRole(Connection c, String user) throws SQLException {
    try (PreparedStatement ps =
            Sql.prepare(
                c, "SELECT default_role FROM mysql.user WHERE User = ? AND Host = ?", user, host);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    }
  }

  private void endSessions(Connection c, String user) throws SQLException {
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

  // ------------------------------------------------------------------ execution

  private static void update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private <T> T execute(String what, Sql.Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new BackendException(
          type + ": " + what + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(),
          retryable(e),
          e);
    }
  }

  /**
   * Connection trouble, deadlocks, serialization failures and shutdowns may pass; the rest will
   * not.
   */
  private static boolean retryable(SQLException e) {
    String state = Objects.requireNonNullElse(e.getSQLState(), "");
    return state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.equals("40001")
        || state.equals("40P01")
        || e.getErrorCode() == 1213
        || e.getErrorCode() == 1205;
  }

  /** Configures a {@link DatabaseRoleBackend}. */
  public static final class Builder {
    private final String type;
    private final DataSource dataSource;
    private Dialect dialect;
    private final Set<String> managedRoles = new TreeSet<>();
    private boolean endSessionsOnRevoke;
    private boolean validUntil;
    private String host = "%";
    private AutoCloseable owned;

    private Builder(String type, DataSource dataSource) {
      this.type = Objects.requireNonNull(type, "type");
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Builder dialect(Dialect dialect) {
      this.dialect = dialect;
      return this;
    }

    /** The roles this backend may grant; any other role in a step is refused. Required. */
    public Builder managedRoles(Set<String> roles) {
      for (String r : roles) {
        managedRoles.add(identifier("managed role", r));
      }
      return this;
    }

    /** End the user's open sessions when a role is revoked, so access already in use ends too. */
    public Builder endSessionsOnRevoke(boolean end) {
      this.endSessionsOnRevoke = end;
      return this;
    }

    /** PostgreSQL only: set the login's VALID UNTIL to the grant's expiry. For jit-only logins. */
    public Builder validUntil(boolean set) {
      this.validUntil = set;
      return this;
    }

    /** MariaDB only: the host part of the accounts (default {@code %}). */
    public Builder host(String host) {
      if (!HOST.matcher(host).matches()) {
        throw new IllegalArgumentException(
            "host '" + dev.jit.spi.Ids.printable(host) + "' is not valid");
      }
      this.host = host;
      return this;
    }

    /** The backend owns {@code pool} (the data source it was given) and closes it in close(). */
    public Builder ownsDataSource(AutoCloseable pool) {
      this.owned = pool;
      return this;
    }

    public DatabaseRoleBackend build() {
      if (managedRoles.isEmpty()) {
        throw new IllegalStateException(
            "backend " + type + " manages no roles: name them with managedRoles");
      }
      return new DatabaseRoleBackend(this);
    }
  }
}
