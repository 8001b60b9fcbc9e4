package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.spi.RequestId;
import dev.jit.spi.UserId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app serves two instances of one backend kind side by side: a database-role backend on jit's
 * own database and another on a second database with credentials from the environment. Each step
 * goes to the instance it names.
 */
class TwoBackendInstancesTest {
  static final UserId REQUESTER = new UserId("U0REQ1");
  static final UserId OWNER = new UserId("U0OWNER1");

  @TempDir Path dataDir;
  final String otherUrl = "jdbc:h2:mem:other-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  Connection other;
  RunningApp app;

  @BeforeEach
  void start() throws Exception {
    other = DriverManager.getConnection(otherUrl, "granter", "granter-secret");
    try (Statement s = other.createStatement()) {
      s.execute("CREATE ROLE ledger_read");
      s.execute("CREATE USER alice PASSWORD 'x'");
    }
    AppConfig config =
        ConfigLoader.parse(
            """
            settings:
              backends:
                - { name: h2-local, kind: database-role, roles: [payments_read] }
                - name: h2-ledger
                  kind: database-role
                  url: "%s"
                  usernameEnv: LEDGER_USER
                  passwordEnv: LEDGER_PASSWORD
                  roles: [ledger_read]
            policy:
              resources:
                payments:
                  owners: { users: [U0OWNER1] }
                  requiredApprovals: 1
                  approvalTimeout: 30m
                  maxDuration: 1h
                  requesters: { everyone: true }
                  roles:
                    read:
                      steps:
                        - { backend: h2-local, principal: db-user, target: { role: payments_read } }
                ledger:
                  owners: { users: [U0OWNER1] }
                  requiredApprovals: 1
                  approvalTimeout: 30m
                  maxDuration: 1h
                  requesters: { everyone: true }
                  roles:
                    read:
                      steps:
                        - { backend: h2-ledger, principal: db-user, target: { role: ledger_read } }
            """
                .formatted(otherUrl),
            "two.yaml");
    Env env = new Env(Map.of("LEDGER_USER", "granter", "LEDGER_PASSWORD", "granter-secret"));
    app =
        RunningApp.start(
            config,
            env,
            dataDir,
            new InMemoryDirectory()
                .user(REQUESTER, Map.of("db-user", "alice"))
                .user(OWNER, Map.of()),
            database -> {
              try (Connection c = database.dataSource().getConnection();
                  Statement s = c.createStatement()) {
                s.execute("CREATE ROLE payments_read");
                s.execute("CREATE USER alice PASSWORD 'x'");
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            Optional.empty(),
            List.of());
  }

  @AfterEach
  void stop() throws SQLException {
    if (app != null) {
      app.close();
    }
    other.close();
  }

  @Test
  @DisplayName("each step is granted by the instance it names, on that instance's database")
  void eachInstanceGrantsOnItsOwnDatabase() throws Exception {
    RequestId ledger = app.grant(REQUESTER, "ledger", "read", Duration.ofMinutes(30), OWNER);
    RequestId payments = app.grant(REQUESTER, "payments", "read", Duration.ofMinutes(30), OWNER);

    assertThat(holds(other, "LEDGER_READ")).isTrue();
    assertThat(holds(other, "PAYMENTS_READ")).as("not on the other database").isFalse();
    try (Connection own = app.database.dataSource().getConnection()) {
      assertThat(holds(own, "PAYMENTS_READ")).isTrue();
      assertThat(holds(own, "LEDGER_READ")).isFalse();
    }
    assertThat(app.engine().find(ledger).orElseThrow().steps().get(0).backend())
        .isEqualTo("h2-ledger");
    assertThat(app.engine().find(payments).orElseThrow().steps().get(0).backend())
        .isEqualTo("h2-local");
  }

  private static boolean holds(Connection c, String role) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 1 FROM INFORMATION_SCHEMA.RIGHTS WHERE GRANTEETYPE = 'USER'"
                    + " AND GRANTEE = 'ALICE' AND GRANTEDROLE = '"
                    + role
                    + "'")) {
      return rs.next();
    }
  }
}
