package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DatabaseRoleBackend} against a real server: the grant-backend contract, identifier checks
 * and role scoping. Roles and users are created per class with names unique to this run, and
 * dropped after.
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
  TestDatabase db;

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
  }

  @AfterAll
  void dropRolesAndUsers() {
    if (db == null) {
      return;
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
    return DatabaseRoleBackend.builder(TYPE, db.dataSource())
        .dialect(dialect())
        .managedRoles(Set.of(roles.get(0), roles.get(1)));
  }

  Grant grant(String role, String user) {
    return new Grant(
        new RequestId("r-1"),
        new GrantStep(TYPE, Map.of("role", role), user),
        Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Nested
  class Contract extends GrantBackendContract {
    @Override
    protected GrantBackend createBackend() {
      return builder().build();
    }

    @Override
    protected Grant sampleGrant(int n) {
      return grant(roles.get(n % 2), users.get((n / 2) % 3));
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

  /** MariaDB: the granted role becomes the user's default role, and is cleared on revoke. */
  void assertDefaultRoleFollowsGrant() {
    DatabaseRoleBackend backend = builder().build();
    String user = users.get(0);
    Grant g = grant(roles.get(0), user);
    backend.grant(g);
    assertThat(defaultRole(user)).isEqualTo(roles.get(0));
    backend.revoke(g);
    assertThat(defaultRole(user)).isEmpty();
  }

  private String defaultRole(String user) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT default_role FROM mysql.user WHERE User = ? AND Host = '%'")) {
      ps.setString(1, user);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return java.util.Objects.requireNonNullElse(rs.getString(1), "");
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
