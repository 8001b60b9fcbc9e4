package dev.jit.jdbc;

import dev.jit.jdbc.internal.RoleSql;
import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.Ids;
import dev.jit.spi.StepRules;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants database roles: {@code GRANT role TO user} on PostgreSQL and H2; on MariaDB the role is
 * granted and made the user's default role ({@code SET DEFAULT ROLE}), because a granted role is
 * inactive until set.
 *
 * <p>A step names the role in {@code target.role}; the principal is the database user ({@code
 * db-user}). Both must match {@code [a-z_][a-z0-9_]{0,62}} (plain ASCII: no quotes, spaces,
 * comments or look-alike letters) and the role must be one this backend manages, or the call fails
 * before any SQL is sent. Identifiers are then quoted per dialect.
 *
 * <p>Idempotent, also between processes: granting a held role and revoking an absent one succeed; a
 * statement that fails while another grant or revoke of the same membership runs succeeds when the
 * catalog then shows what was asked; and revoking a role or from a user that was dropped succeeds,
 * since what is gone is revoked. {@link #check} reads the catalog, whoever granted the membership.
 * {@link #holdings} lists only access grants this backend's login made: memberships of the managed
 * roles without admin option and not of the login itself; on PostgreSQL only those whose grantor is
 * the login ({@code current_user}), so memberships granted by hand are never swept. MariaDB and H2
 * record no grantor: there every other member of a managed role is listed, so managed roles must be
 * granted by jit only.
 *
 * <p>Options: end the user's open sessions on revoke, so access already in use ends too; on
 * PostgreSQL, set {@code VALID UNTIL} to the expiry on grant, a second line of defence for logins
 * that exist only for jit grants (it expires the password, not other authentication).
 */
public final class DatabaseRoleBackend implements GrantBackend {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseRoleBackend.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.%_-]{1,60}");

  /**
   * Grants and revokes of one membership take turns within a JVM: H2 records two rights when two
   * sessions grant one role to one user at once, and then no REVOKE removes the second.
   */
  private static final ReentrantLock[] TURNS = new ReentrantLock[64];

  static {
    Arrays.setAll(TURNS, i -> new ReentrantLock());
  }

  private static final String IDENTIFIER_RULE =
      "use lower-case letters, digits and _ only, at most 63, starting with a letter or _";

  private final String type;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final RoleSql sql;
  private final Set<String> managedRoles;
  private final boolean endSessionsOnRevoke;
  private final boolean validUntil;
  private final AutoCloseable owned;

  private DatabaseRoleBackend(Builder b) {
    this.type = b.type;
    this.dataSource = b.dataSource;
    this.dialect = b.dialect != null ? b.dialect : Dialect.of(b.dataSource);
    this.sql = new RoleSql(dialect, b.host);
    this.managedRoles = Collections.unmodifiableSet(new TreeSet<>(b.managedRoles));
    this.endSessionsOnRevoke = b.endSessionsOnRevoke;
    this.validUntil = b.validUntil;
    this.owned = b.owned;
  }

  /** A backend of the given type (the name grant steps use, e.g. {@code postgres-role}). */
  public static Builder builder(String type, DataSource dataSource) {
    return new Builder(type, dataSource);
  }

  /**
   * What a database-role step may say, for a backend managing {@code managedRoles}: {@code
   * target.role} only, a valid identifier and one of {@code managedRoles}, for a {@code db-user}
   * principal. Opens no connection, so {@code policy validate} can use it.
   */
  public static StepRules stepRules(Set<String> managedRoles) {
    return StepRules.builder()
        .require("role")
        .principalKinds("db-user")
        .value(
            "role",
            r -> IDENTIFIER.matcher(r).matches(),
            "is not a valid role name: " + IDENTIFIER_RULE)
        .scope("role", managedRoles, "role")
        .build();
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public StepRules stepRules() {
    return stepRules(managedRoles);
  }

  /**
   * The principal as given. Database user names are matched exactly (PostgreSQL and H2 keep quoted
   * names' case, MariaDB's user names are case-sensitive), so lower-casing {@code Alice} could
   * grant another account's role; a name that is not already a valid lower-case identifier is
   * refused at grant instead.
   */
  @Override
  public String canonicalPrincipal(String principal) {
    return principal;
  }

  @Override
  public void grant(Grant grant) {
    String role = role(grant.step());
    String user = user(grant.step());
    inTurn(
        role,
        user,
        "granting " + role + " to " + user,
        c -> {
          if (dialect != Dialect.H2 || !sql.holds(c, role, user)) {
            grantMembership(c, role, user);
          }
          if (dialect == Dialect.POSTGRESQL && validUntil) {
            sql.validUntil(c, user, grant.expiresAt());
          }
          if (dialect == Dialect.MARIADB) {
            RoleSql.update(c, "SET DEFAULT ROLE " + sql.quote(role) + " FOR " + sql.grantee(user));
          }
          return null;
        });
  }

  /**
   * With {@code validUntil} on PostgreSQL, moves the login's {@code VALID UNTIL} to {@code
   * newExpiry} if that is later than what it holds (never shortening it, for another grant's sake);
   * otherwise there is no expiry in the database to move.
   */
  @Override
  public void extend(Grant grant, java.time.Instant newExpiry) {
    if (dialect != Dialect.POSTGRESQL || !validUntil) {
      return;
    }
    String user = user(grant.step());
    inTurn(
        role(grant.step()),
        user,
        "extending " + user + "'s VALID UNTIL",
        c -> {
          if (sql.validUntilBefore(c, user, newExpiry)) {
            sql.validUntil(c, user, newExpiry);
          }
          return null;
        });
  }

  @Override
  public void revoke(Grant grant) {
    String role = role(grant.step());
    String user = user(grant.step());
    inTurn(
        role,
        user,
        "revoking " + role + " from " + user,
        c -> {
          if (dialect == Dialect.POSTGRESQL || sql.holds(c, role, user)) {
            revokeMembership(c, role, user);
          }
          if (dialect == Dialect.MARIADB && role.equals(sql.defaultRole(c, user).orElse(""))) {
            try {
              RoleSql.update(c, "SET DEFAULT ROLE NONE FOR " + sql.grantee(user));
            } catch (SQLException e) {
              if (!sql.gone(e)) {
                throw e;
              }
            }
          }
          if (endSessionsOnRevoke) {
            sql.endSessions(c, user);
          }
          return null;
        });
  }

  /** GRANT, succeeding when a concurrent grant of the same membership got there first. */
  private void grantMembership(Connection c, String role, String user) throws SQLException {
    try {
      RoleSql.update(c, "GRANT " + sql.quote(role) + " TO " + sql.grantee(user));
    } catch (SQLException e) {
      if (!holdsAfter(e, c, role, user)) {
        throw e;
      }
      LOG.debug("{} was granted to {} meanwhile (SQLState {})", role, user, e.getSQLState());
    }
  }

  /**
   * REVOKE, succeeding when the role or user was dropped, or a concurrent revoke got there first.
   */
  private void revokeMembership(Connection c, String role, String user) throws SQLException {
    try {
      RoleSql.update(c, "REVOKE " + sql.quote(role) + " FROM " + sql.grantee(user));
    } catch (SQLException e) {
      if (sql.gone(e) || !holdsAfter(e, c, role, user)) {
        LOG.debug("{} of {} is gone already (SQLState {})", role, user, e.getSQLState());
        return;
      }
      throw e;
    }
  }

  /**
   * Whether the membership is there after {@code failure}. When the connection itself failed (a
   * socket timeout, say), the check fails too: {@code failure} is thrown then, for its SQL state
   * tells whether to retry, with the check's failure suppressed in it.
   */
  private boolean holdsAfter(SQLException failure, Connection c, String role, String user)
      throws SQLException {
    try {
      return sql.holds(c, role, user);
    } catch (SQLException checking) {
      failure.addSuppressed(checking);
      throw failure;
    }
  }

  @Override
  public GrantCheck check(Grant grant) {
    String role = role(grant.step());
    String user = user(grant.step());
    return execute(
        "checking " + role + " of " + user,
        c -> sql.holds(c, role, user) ? GrantCheck.HELD : GrantCheck.ABSENT);
  }

  @Override
  public Optional<Set<GrantStep>> holdings() {
    return Optional.of(
        execute(
            "listing members of the managed roles",
            c -> {
              Set<GrantStep> held = new HashSet<>();
              for (Map.Entry<String, String> m : sql.members(c, managedRoles)) {
                held.add(new GrantStep(type, Map.of("role", m.getKey()), m.getValue()));
              }
              return held;
            }));
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
          what + " '" + Ids.printable(value) + "' is not a valid name: " + IDENTIFIER_RULE);
    }
    return value;
  }

  // ------------------------------------------------------------------ execution

  private void inTurn(String role, String user, String what, Sql.Work<Void> work) {
    ReentrantLock turn = TURNS[Math.floorMod((role + '\0' + user).hashCode(), TURNS.length)];
    turn.lock();
    try {
      execute(what, work);
    } finally {
      turn.unlock();
    }
  }

  private <T> T execute(String what, Sql.Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new BackendException(
          type + ": " + what + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(),
          RoleSql.retryable(e),
          e);
    }
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
        throw new IllegalArgumentException("host '" + Ids.printable(host) + "' is not valid");
      }
      this.host = host;
      return this;
    }

    /**
     * The backend owns {@code pool} (normally the data source it was given, made for it alone) and
     * closes it in {@link DatabaseRoleBackend#close()}. Without it, close leaves the data source
     * open: it belongs to whoever passed it.
     */
    public Builder ownsDataSource(AutoCloseable pool) {
      this.owned = Objects.requireNonNull(pool, "pool");
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
