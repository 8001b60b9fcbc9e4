package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jit.core.ReconciliationReport;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.testkit.GrantBackendContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DatabaseRoleBackend} against a real server: the grant-backend contract, identifier checks,
 * role scoping, roles and users dropped under it. Roles and users are created per class with names
 * unique to this run, and dropped after. On PostgreSQL and MariaDB the backend connects as a
 * least-privilege {@link Granter}, as docs/database.md tells operators to set it up; H2 grants
 * roles only as an admin, so there it connects as the admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RoleBackendTests {
  static final String TYPE = "db-role";
  final String prefix =
      "jit_r"
          + Long.toString(ProcessHandle.current().pid(), 36)
          + "_"
          + getClass().getSimpleName().toLowerCase().substring(0, 2);
  final List<String> roles = List.of(prefix + "_read", prefix + "_write", prefix + "_admin");
  final List<String> users = List.of(prefix + "_alice", prefix + "_bob", prefix + "_carol");

  /** Managed, and never created: a target that does not exist. */
  final String goneRole = prefix + "_gone";

  TestDatabase db;
  Granter granter;
  FaultyDataSource backendData;

  abstract Dialect dialect();

  @BeforeAll
  void createRolesAndUsers() {
    db = TestDatabase.create(dialect());
    List<String> sql = new ArrayList<>();
    for (String r : roles) {
      sql.add(
          switch (dialect()) {
            case POSTGRESQL -> "CREATE ROLE " + r + " NOLOGIN";
            case MARIADB, H2 -> "CREATE ROLE " + r;
          });
    }
    for (String u : users) {
      sql.add(
          switch (dialect()) {
            case POSTGRESQL -> "CREATE ROLE " + u + " LOGIN PASSWORD 'secret-" + u + "'";
            case MARIADB -> "CREATE USER '" + u + "'@'%' IDENTIFIED BY 'secret-" + u + "'";
            case H2 -> "CREATE USER " + u + " PASSWORD 'secret'";
          });
    }
    db.asAdmin(sql.toArray(String[]::new));
    DataSource backendSide = db.dataSource();
    if (dialect() != Dialect.H2) {
      granter = Granter.create(db, prefix + "_granter", roles.subList(0, 2));
      backendSide = granter.dataSource();
    }
    backendData = new FaultyDataSource(backendSide);
  }

  @AfterAll
  void dropRolesAndUsers() {
    if (db == null) {
      return;
    }
    if (granter != null) {
      granter.close();
    }
    List<String> sql = new ArrayList<>();
    for (String u : users) {
      sql.add(
          dialect() == Dialect.MARIADB
              ? "DROP USER IF EXISTS '" + u + "'@'%'"
              : "DROP USER IF EXISTS " + u);
    }
    for (String r : roles) {
      sql.add(dialect() == Dialect.POSTGRESQL ? "DROP ROLE IF EXISTS " + r : "DROP ROLE " + r);
    }
    db.asAdmin(sql.toArray(String[]::new));
    db.close();
  }

  DatabaseRoleBackend.Builder builder() {
    return DatabaseRoleBackend.builder(TYPE, backendData)
        .dialect(dialect())
        .managedRoles(Set.of(roles.get(0), roles.get(1), goneRole));
  }

  /** The name the backend connects as, where it is not an admin. */
  Optional<String> granterName() {
    return Optional.ofNullable(granter).map(g -> g.name);
  }

  /** An account statement of the dialect: {@code 'u'@'%'} on MariaDB, the name elsewhere. */
  String account(String user) {
    return dialect() == Dialect.MARIADB ? "'" + user + "'@'%'" : user;
  }

  Grant grant(String role, String user) {
    return new Grant(
        new RequestId("r-1"),
        new GrantStep(TYPE, Map.of("role", role), user),
        Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Nested
  class Contract extends GrantBackendContract {
    private final List<String> cleanup = new ArrayList<>();

    @Override
    protected GrantBackend createBackend() {
      return builder().build();
    }

    @Override
    protected Grant sampleGrant(int n) {
      return grant(roles.get(n % 2), users.get((n / 2) % 3));
    }

    @Override
    protected String principalKind() {
      return "db-user";
    }

    @Override
    protected Optional<Grant> outOfScopeGrant() {
      return Optional.of(grant(roles.get(2), users.get(0)));
    }

    @Override
    protected long systemCalls() {
      return backendData.connections();
    }

    @Override
    protected Optional<Grant> vanishedTargetGrant() {
      return Optional.of(grant(goneRole, users.get(0)));
    }

    @Override
    protected Optional<String> ownIdentity() {
      return granterName();
    }

    /**
     * Access jit did not grant: on PostgreSQL a membership the superuser granted by hand (holdings
     * list only memberships the granter granted); on MariaDB a membership with admin option granted
     * by hand (MariaDB records no grantor, so admin option is what tells them apart); on H2 a
     * managed role granted to another role (holdings list users only).
     */
    @Override
    protected Optional<GrantStep> foreignAccess() {
      String role = roles.get(0);
      String member = dialect() == Dialect.H2 ? roles.get(2) : users.get(2);
      db.asAdmin(
          "GRANT "
              + role
              + " TO "
              + account(member)
              + (dialect() == Dialect.MARIADB ? " WITH ADMIN OPTION" : ""));
      cleanup.add("REVOKE " + role + " FROM " + account(member));
      return Optional.of(new GrantStep(TYPE, Map.of("role", role), member));
    }

    @Override
    protected boolean injectFailure(boolean retryable) {
      backendData.failNext(retryable ? "08006" : "42501");
      return true;
    }

    @AfterEach
    void removeForeignAccess() {
      db.asAdmin(cleanup.toArray(String[]::new));
      cleanup.clear();
    }
  }

  @Test
  @DisplayName("a granted role shows in check and holdings, and is gone after revoke")
  void grantCheckRevoke() {
    DatabaseRoleBackend backend = builder().build();
    Grant g = grant(roles.get(0), users.get(2));
    backend.grant(g);
    backend.grant(g);
    assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);
    assertThat(backend.holdings().orElseThrow()).contains(g.step());
    backend.revoke(g);
    backend.revoke(g);
    assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
    assertThat(backend.holdings().orElseThrow()).doesNotContain(g.step());
  }

  @Test
  @DisplayName("a role the backend does not manage is refused before any SQL is sent")
  void unmanagedRole() {
    DatabaseRoleBackend backend = builder().build();
    assertThatThrownBy(() -> backend.grant(grant(roles.get(2), users.get(0))))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("not managed")
        .satisfies(e -> assertThat(((BackendException) e).retryable()).isFalse());
    assertThat(backend.check(grant(roles.get(0), users.get(0)))).isEqualTo(GrantCheck.ABSENT);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "alice\"; DROP TABLE jit_audit; --",
        "alice' OR '1'='1",
        "alice`; DROP DATABASE test; #",
        "alice/**/",
        "alice -- comment",
        "ａｌｉｃｅ",
        "аlice",
        "Alice",
        "alice bob",
        " ",
        "a_name_that_is_much_too_long_for_any_database_identifier_to_be_accepted_here"
      })
  @DisplayName("identifier injection attempts are refused with a clear error and change nothing")
  void injection(String name) {
    DatabaseRoleBackend backend = builder().build();
    assertThatThrownBy(() -> backend.grant(grant(roles.get(0), name)))
        .isInstanceOfAny(BackendException.class, IllegalArgumentException.class)
        .hasMessageMatching("(?s).*(is not a valid name|principal must be).*");
    assertThatThrownBy(
            () ->
                backend.grant(
                    new Grant(
                        new RequestId("r-2"),
                        new GrantStep(TYPE, Map.of("role", name), users.get(0)),
                        Instant.parse("2030-01-01T00:00:00Z"))))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("is not a valid name");
    assertThat(backend.holdings().orElseThrow()).isEmpty();
  }

  @Test
  @DisplayName(
      "the hourly drift sweep, run again and again, never takes the granter's own right to grant")
  void reconcileKeepsTheGranter() {
    DatabaseRoleBackend backend = builder().build();
    OneRoleEngine engine = new OneRoleEngine(backend, roles.get(0), users.get(2));
    RequestId first = engine.activeRequest();

    for (int sweep = 0; sweep < 3; sweep++) {
      ReconciliationReport report = engine.jit.reconcile();
      assertThat(report.revoked()).as("revoked by sweep %s", sweep).isEmpty();
      assertThat(report.failures()).as("failures of sweep %s", sweep).isEmpty();
    }
    engine.expire(first);
    RequestId second = engine.activeRequest();
    engine.jit.reconcile();
    engine.expire(second);

    assertThat(backend.holdings().orElseThrow()).isEmpty();
  }

  @Test
  @DisplayName(
      "a membership drifted in by the granter is revoked by the sweep, and the next grant works")
  void reconcileRevokesDrift() {
    DatabaseRoleBackend backend = builder().build();
    OneRoleEngine engine = new OneRoleEngine(backend, roles.get(1), users.get(1));
    Grant drift = grant(roles.get(0), users.get(1));
    backend.grant(drift);

    ReconciliationReport report = engine.jit.reconcile();

    assertThat(report.revoked()).containsExactly(drift.step());
    assertThat(backend.check(drift)).isEqualTo(GrantCheck.ABSENT);
    engine.expire(engine.activeRequest());
  }

  @Test
  @DisplayName("the granter is never listed, even as a plain member of a managed role")
  void granterNeverListed() {
    assumeTrue(granter != null, "H2 grants as an admin");
    String temp = prefix + "_plain";
    db.asAdmin(
        dialect() == Dialect.POSTGRESQL
            ? "CREATE ROLE " + temp + " NOLOGIN"
            : "CREATE ROLE " + temp,
        "GRANT " + temp + " TO " + account(granter.name));
    try {
      DatabaseRoleBackend backend = builder().managedRoles(Set.of(temp)).build();

      assertThat(backend.holdings().orElseThrow())
          .extracting(GrantStep::principal)
          .doesNotContain(granter.name);
    } finally {
      db.asAdmin("DROP ROLE IF EXISTS " + temp);
    }
  }

  @Test
  @DisplayName("revoking a role that was dropped after the grant succeeds, and checks as absent")
  void droppedRole() {
    String temp = prefix + "_temp";
    db.asAdmin(
        dialect() == Dialect.POSTGRESQL
            ? "CREATE ROLE " + temp + " NOLOGIN"
            : "CREATE ROLE " + temp);
    try {
      if (granter != null) {
        db.asAdmin(Granter.setup(dialect(), granter.name, List.of(temp)).get(1));
      }
      DatabaseRoleBackend backend =
          builder().managedRoles(Set.of(temp)).endSessionsOnRevoke(true).build();
      Grant g = grant(temp, users.get(1));
      backend.grant(g);
      assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);

      db.asAdmin("DROP ROLE " + temp);
      backend.revoke(g);
      backend.revoke(g);

      assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
      assertThat(backend.holdings().orElseThrow()).doesNotContain(g.step());
    } finally {
      db.asAdmin(
          dialect() == Dialect.MARIADB
              ? "DROP ROLE IF EXISTS " + temp
              : "DROP ROLE IF EXISTS " + temp);
    }
  }

  @Test
  @DisplayName(
      "revoking from a user who was dropped after the grant succeeds, and checks as absent")
  void droppedUser() {
    String temp = prefix + "_tempuser";
    db.asAdmin(
        switch (dialect()) {
          case POSTGRESQL -> "CREATE ROLE " + temp + " LOGIN";
          case MARIADB -> "CREATE USER " + account(temp) + " IDENTIFIED BY 'x'";
          case H2 -> "CREATE USER " + temp + " PASSWORD 'x'";
        });
    String drop =
        dialect() == Dialect.POSTGRESQL
            ? "DROP ROLE IF EXISTS " + temp
            : "DROP USER IF EXISTS " + account(temp);
    try {
      DatabaseRoleBackend backend = builder().endSessionsOnRevoke(true).build();
      Grant g = grant(roles.get(0), temp);
      backend.grant(g);
      assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);

      db.asAdmin(drop);
      backend.revoke(g);
      backend.revoke(g);

      assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
    } finally {
      db.asAdmin(drop);
    }
  }

  /**
   * Opens a session as {@code user} at {@code url}, grants and revokes, and expects the session
   * ended.
   */
  void assertRevokeEndsSessions(String user, String url) throws Exception {
    DatabaseRoleBackend backend = builder().endSessionsOnRevoke(true).build();
    Grant g = grant(roles.get(1), user);
    backend.grant(g);
    try (java.sql.Connection session = java.sql.DriverManager.getConnection(url)) {
      assertThat(session.isValid(2)).isTrue();
      backend.revoke(g);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> !session.isValid(1));
    }
    assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
  }
}
