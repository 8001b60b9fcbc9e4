package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.testkit.FixedBackendContext;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A target database that hangs does not hang approvals: a {@code database-role} backend made by
 * {@link DatabaseRoleBackendFactory} gives up on a grant within its timeouts, with a retryable
 * {@link BackendException}, when another session holds the lock the GRANT needs (the server's lock
 * or statement timeout) or the server stops answering altogether (the driver's socket timeout); and
 * it grants once the database is free again. Without the timeouts each of these grants waits as
 * long as the lock is held or the server is silent, here for ever.
 */
class HungTargetIT {
  /** Far above every bound below, far below "for ever". */
  static final Duration HANG = Duration.ofSeconds(30);

  final String prefix = "jit_h" + Long.toString(ProcessHandle.current().pid(), 36);
  final String role = prefix + "_read";
  final String user = prefix + "_alice";
  TestDatabase db;
  GrantBackend backend;

  enum Hang {
    LOCK_TIMEOUT(Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(25)),
    STATEMENT_TIMEOUT(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(25));

    final Duration lock;
    final Duration statement;
    final Duration socket;

    Hang(Duration lock, Duration statement, Duration socket) {
      this.lock = lock;
      this.statement = statement;
      this.socket = socket;
    }
  }

  @AfterEach
  void drop() {
    if (backend != null) {
      backend.close();
    }
    if (db != null) {
      db.asAdmin(
          db.dialect() == Dialect.MARIADB
              ? "DROP USER IF EXISTS '" + user + "'@'%'"
              : "DROP ROLE IF EXISTS " + user,
          "DROP ROLE IF EXISTS " + role);
      db.close();
    }
  }

  /**
   * MariaDB opens its grant tables ignoring {@code lock_wait_timeout}: there a GRANT behind a lock
   * is cut short by {@code max_statement_time} only.
   */
  static Stream<Arguments> locks() {
    return Stream.of(
        Arguments.of(Dialect.POSTGRESQL, Hang.LOCK_TIMEOUT),
        Arguments.of(Dialect.POSTGRESQL, Hang.STATEMENT_TIMEOUT),
        Arguments.of(Dialect.MARIADB, Hang.STATEMENT_TIMEOUT));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("locks")
  @DisplayName(
      "a GRANT behind a lock another session holds fails retryably within the lock or statement"
          + " timeout, and succeeds once the lock is gone")
  void lockHeldByAnotherSession(Dialect dialect, Hang hang) throws Exception {
    setUp(dialect);
    backend = backend(TestDatabase.adminUrl(dialect), hang.lock, hang.statement, hang.socket);
    Grant grant = grant();
    try (Connection holder = DriverManager.getConnection(TestDatabase.adminUrl(dialect));
        Statement s = holder.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        holder.setAutoCommit(false);
        s.execute("GRANT " + role + " TO " + user);
      } else {
        s.execute("LOCK TABLES mysql.roles_mapping READ");
      }

      assertRetryableWithin(HANG, () -> backend.grant(grant));

      if (dialect == Dialect.POSTGRESQL) {
        holder.rollback();
      } else {
        s.execute("UNLOCK TABLES");
      }
    }
    backend.grant(grant);
    assertThat(backend.check(grant)).isEqualTo(GrantCheck.HELD);
  }

  @ParameterizedTest
  @EnumSource(
      value = Dialect.class,
      names = {"POSTGRESQL", "MARIADB"})
  @DisplayName(
      "a server that stops answering mid-connection fails the grant retryably within the socket"
          + " timeout")
  void silentServer(Dialect dialect) throws Exception {
    setUp(dialect);
    URI admin = URI.create(TestDatabase.adminUrl(dialect).substring("jdbc:".length()));
    try (FreezingProxy proxy = new FreezingProxy(admin.getHost(), admin.getPort())) {
      String url =
          TestDatabase.adminUrl(dialect)
              .replace(admin.getHost() + ":" + admin.getPort(), "127.0.0.1:" + proxy.port());
      backend = backend(url, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3));
      Grant grant = grant();
      assertThat(backend.check(grant)).as("through the proxy").isEqualTo(GrantCheck.ABSENT);

      proxy.freeze();

      assertRetryableWithin(HANG, () -> backend.grant(grant));
    }
  }

  private void setUp(Dialect dialect) {
    db = TestDatabase.create(dialect);
    db.asAdmin(
        "CREATE ROLE " + role,
        dialect == Dialect.MARIADB
            ? "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret'"
            : "CREATE ROLE " + user + " LOGIN");
  }

  private GrantBackend backend(String url, Duration lock, Duration statement, Duration socket) {
    DatabaseRoleConfig config =
        new DatabaseRoleConfig(
            url,
            null,
            null,
            List.of(role),
            null,
            null,
            null,
            null,
            Duration.ofSeconds(2),
            socket,
            statement,
            lock);
    assertThat(config.validate()).isEmpty();
    return new DatabaseRoleBackendFactory()
        .create("hung", config, FixedBackendContext.of(Map.of()));
  }

  private Grant grant() {
    return new Grant(
        new RequestId("r-hung"),
        new GrantStep("hung", Map.of("role", role), user),
        Instant.now().plusSeconds(3600));
  }

  private static void assertRetryableWithin(Duration bound, Runnable call) {
    assertTimeoutPreemptively(
        bound,
        () ->
            assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                    BackendException.class,
                    e -> assertThat(e.retryable()).as(e.getMessage()).isTrue()),
        "the grant is still waiting: the database's hang holds up the approval");
  }
}
