package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built jar on PostgreSQL, killed with SIGKILL at each point of a grant's life where access may
 * be in flight, then started again: the database itself must show the role gone within {@link
 * #BOUND} of the restart (and never later than expiry plus that), the audit trail must show the
 * attempt, and {@code jit audit verify} must pass.
 *
 * <p>The process is stopped at an exact point with PostgreSQL's own locks, no hook in jit: an
 * uncommitted {@code GRANT} (or {@code REVOKE}) of the same membership in the test's transaction
 * makes the app's statement wait, and a {@code SELECT ... FOR UPDATE} of the audit chain's head
 * makes its next commit wait. The test sees the app waiting in {@code pg_stat_activity} and kills
 * it there.
 */
class CrashIT {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String REQUESTER = "U0CRREQ";
  private static final String OWNER = "U0CROWN1";
  private static final String SECRET = "crash-signing-secret";
  private static final String TEST_APP = "jit-crash-it";

  /** How soon after the restarted process answers /healthz the role must be gone. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final String database = "crash_" + suffix;
  private final String role = "crash_" + suffix + "_read";
  private final String user = "crash_" + suffix + "_alice";
  private final List<Connection> holds = new ArrayList<>();
  private FakeSlack slack;
  private Process app;
  private Jar.Ports ports;
  private Path config;

  /** Where the process is killed. */
  enum Point {
    /** The GRANT was sent and waits; it lands after the process is gone. */
    DURING_THE_GRANT_CALL,
    /** The GRANT took effect; the commit of step_granted waits. */
    BETWEEN_THE_GRANT_AND_ITS_COMMIT,
    /** Access is active; nothing is in flight. */
    WHILE_ACTIVE,
    /** At expiry, the REVOKE was sent and waits; the process's session dies with it. */
    DURING_THE_REVOKE_CALL
  }

  @BeforeEach
  void database() throws Exception {
    try (Connection c = admin(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
      s.execute("CREATE ROLE " + role);
      s.execute("CREATE ROLE " + user + " LOGIN");
    }
    slack = FakeSlack.start();
    slack.addUser(FakeSlack.User.of(REQUESTER, "alice").withEmail("alice@example.com"));
    slack.addUser(FakeSlack.User.of(OWNER, "olivia").withEmail("olivia@example.com"));
    config =
        Files.writeString(
            dir.resolve("jit.yaml"),
            """
            settings:
              sweepInterval: 2s
              scheduler:
                pollingInterval: 200ms
              databaseRoles:
                - backend: pg-role
                  roles: [%1$s]
              identities:
                U0CRREQ: { db-user: %2$s }
            policy:
              resources:
                crash-db:
                  description: Crash test database
                  owners:
                    users: [U0CROWN1]
                  requiredApprovals: 1
                  approvalTimeout: 30m
                  maxDuration: 1m
                  durations: [20s, 1m]
                  requesters:
                    users: [U0CRREQ]
                  roles:
                    read-only:
                      steps:
                        - backend: pg-role
                          principal: db-user
                          target: { role: %1$s }
            """
                .formatted(role, user));
    ports = Jar.Ports.free();
    Jar.run(databaseEnv(), "db", "migrate", "--data-dir", dir.resolve("data").toString());
  }

  private Map<String, String> databaseEnv() {
    return Map.of("JIT_DB_URL", url(), "JIT_DB_USER", "root");
  }

  @AfterEach
  void clean() throws Exception {
    for (Connection c : holds) {
      c.close();
    }
    if (app != null) {
      app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (slack != null) {
      slack.close();
    }
    try (Connection c = admin(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("DROP ROLE IF EXISTS " + user);
      s.execute("DROP ROLE IF EXISTS " + role);
    }
  }

  @ParameterizedTest(name = "killed {0}")
  @EnumSource(Point.class)
  @DisplayName(
      "kill -9 at each point of a grant's life, restart: the role is gone within the bound, the"
          + " trail records the attempt, and the audit verifies")
  void killedAndRestarted(Point point) throws Exception {
    serve();
    boolean granting =
        point == Point.DURING_THE_GRANT_CALL || point == Point.BETWEEN_THE_GRANT_AND_ITS_COMMIT;
    if (granting) {
      hold("GRANT " + role + " TO " + user);
    }
    requestAndApprove(granting ? "PT1M" : "PT20S");
    String request = awaitOneRequest();

    if (granting) {
      awaitWaiting("GRANT");
      assertThat(actions(request)).endsWith("step_attempted");
      if (point == Point.BETWEEN_THE_GRANT_AND_ITS_COMMIT) {
        Connection head = hold("SELECT sequence FROM jit_audit_head WHERE id = 1 FOR UPDATE");
        release(holds.get(0));
        awaitWaiting("jit_audit_head");
        assertThat(holdsRole()).as("granted, not yet committed").isTrue();
        kill();
        release(head);
      } else {
        kill();
        release(holds.get(0));
      }
    } else {
      await().atMost(Duration.ofSeconds(30)).until(() -> status(request).equals("ACTIVE"));
      assertThat(holdsRole()).isTrue();
      if (point == Point.WHILE_ACTIVE) {
        kill();
      } else {
        hold("REVOKE " + role + " FROM " + user);
        int blocked = awaitWaiting("REVOKE");
        kill();
        try (Connection c = admin(url());
            PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
          ps.setInt(1, blocked);
          ps.executeQuery().close();
        }
        release(holds.get(0));
      }
    }
    awaitNoAppSessions();
    boolean heldWhileDown = holdsRole();
    Instant expiresAt = expiresAt(request);

    serve();
    Instant healthy = Instant.now();
    await()
        .atMost(BOUND.plus(Duration.between(healthy, expiresAt).abs()))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !holdsRole());
    Instant gone = Instant.now();
    Instant latest = (expiresAt.isAfter(healthy) && !granting ? expiresAt : healthy).plus(BOUND);
    System.out.printf(
        "crash %s: held while down %s, role gone %d ms after the restart answered, %d ms after"
            + " expiry%n",
        point,
        heldWhileDown,
        Duration.between(healthy, gone).toMillis(),
        Duration.between(expiresAt, gone).toMillis());
    assertThat(gone).as("role gone by max(expiresAt, restart) + %s", BOUND).isBefore(latest);

    await().atMost(Duration.ofSeconds(30)).until(() -> isTerminal(status(request)));
    List<String> actions = actions(request);
    if (granting) {
      assertThat(status(request)).isEqualTo("ROLLED_BACK");
      assertThat(actions)
          .containsSubsequence(
              "approved", "step_attempted", "grant_failed", "undo_attempted", "rolled_back")
          .doesNotContain("step_granted", "granted");
      assertThat(holder(request, "step_attempted")).isEqualTo(holder(request, "grant_failed"));
    } else {
      assertThat(status(request)).isEqualTo("EXPIRED");
      assertThat(actions)
          .containsSubsequence(
              "step_attempted", "step_granted", "granted", "undo_attempted", "revoked");
    }
    auditVerifies();
  }

  // ------------------------------------------------------------------ the process

  private void serve() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Jar.java(),
                "-jar",
                Jar.jar(),
                "serve",
                "--config",
                config.toString(),
                "--data-dir",
                dir.resolve("data").toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    Path.of("target", "crash-it-" + suffix + ".log").toFile()));
    Map<String, String> env = pb.environment();
    env.put("SLACK_BOT_TOKEN", slack.token());
    env.put("SLACK_SIGNING_SECRET", SECRET);
    env.put("JIT_SLACK_API_URL", slack.apiUrl());
    env.putAll(ports.env());
    env.putAll(databaseEnv());
    env.remove("SLACK_APP_TOKEN");
    env.remove("JIT_INSTANCE_ID");
    app = pb.start();
    Jar.awaitServing(ports, Duration.ofSeconds(90));
  }

  /** SIGKILL: no shutdown hook, no finally block, connections cut. */
  private void kill() throws InterruptedException {
    app.destroyForcibly();
    assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    app = null;
  }

  private void requestAndApprove(String duration) {
    SlackClient client = ports.client(SECRET, slack);
    // /healthz answers before the Slack endpoint is attached: send until the app takes it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .slashCommand("/jit", "crash-db", REQUESTER, slack.dmChannel(REQUESTER))
                        .status()
                    == 200);
    slack.awaitCall("views.open", Duration.ofSeconds(30));
    Jar.submit(client, REQUESTER, "crash-db", "read-only", duration, "Crash test of the built jar");
    Jar.approve(client, OWNER, Jar.approvalDm(slack, OWNER, Duration.ofSeconds(30)));
  }

  private void auditVerifies() throws Exception {
    Jar.assertAuditVerifies(
        dir.resolve("data"), Map.of("JIT_DB_URL", url(), "JIT_DB_USER", "root"));
  }

  // ------------------------------------------------------------------ the database, as it is

  /** Runs {@code sql} in a transaction of the test's that stays open, holding its locks. */
  private Connection hold(String sql) throws SQLException {
    Connection c = admin(url());
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
    holds.add(c);
    return c;
  }

  private static void release(Connection c) throws SQLException {
    c.rollback();
  }

  /** Waits until a session of the app waits on a lock in a statement containing {@code what}. */
  private int awaitWaiting(String what) {
    int[] pid = {0};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              try (Connection c = admin(url());
                  PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT pid FROM pg_stat_activity WHERE datname = ?"
                              + " AND application_name <> ? AND wait_event_type = 'Lock'"
                              + " AND position(? in query) > 0")) {
                ps.setString(1, database);
                ps.setString(2, TEST_APP);
                ps.setString(3, what);
                try (ResultSet rs = ps.executeQuery()) {
                  pid[0] = rs.next() ? rs.getInt(1) : 0;
                  return pid[0] != 0;
                }
              }
            });
    return pid[0];
  }

  /**
   * Waits until no session of the killed app is left: PostgreSQL finishes a statement that was
   * waiting (an autocommitted GRANT lands) before it notices its client is gone.
   */
  private void awaitNoAppSessions() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              try (Connection c = admin(url());
                  PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
                              + " AND application_name <> ? AND pid <> pg_backend_pid()")) {
                ps.setString(1, database);
                ps.setString(2, TEST_APP);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getInt(1) == 0;
                }
              }
            });
  }

  private boolean holdsRole() throws SQLException {
    try (Connection c = admin(url());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                    + " JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = ? AND u.rolname = ?")) {
      ps.setString(1, role);
      ps.setString(2, user);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private String awaitOneRequest() {
    String[] id = {null};
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<String> ids = column("SELECT id FROM jit_request", "");
              id[0] = ids.size() == 1 ? ids.get(0) : null;
              return id[0] != null && status(id[0]).equals("APPROVED")
                  || id[0] != null && status(id[0]).equals("ACTIVE");
            });
    return id[0];
  }

  private String status(String request) throws SQLException {
    return column("SELECT status FROM jit_request WHERE id = ?", request).get(0);
  }

  private Instant expiresAt(String request) throws SQLException {
    String snapshot = column("SELECT snapshot FROM jit_request WHERE id = ?", request).get(0);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"expiresAt\":\"([^\"]+)\"").matcher(snapshot);
    assertThat(m.find()).as(snapshot).isTrue();
    return Instant.parse(m.group(1));
  }

  private List<String> actions(String request) throws SQLException {
    return column("SELECT action FROM jit_audit WHERE request_id = ? ORDER BY sequence", request);
  }

  /** The lease holder named by the audit record of {@code action}. */
  private String holder(String request, String action) throws SQLException {
    List<String> records =
        column(
            "SELECT record FROM jit_audit WHERE request_id = ? AND action = '"
                + action
                + "' ORDER BY sequence",
            request);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"holder\":\"([^\"]+)\"").matcher(records.get(0));
    assertThat(m.find()).as(records.get(0)).isTrue();
    return m.group(1);
  }

  private List<String> column(String sql, String parameter) throws SQLException {
    try (Connection c = admin(url());
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (!parameter.isEmpty()) {
        ps.setString(1, parameter);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  private static boolean isTerminal(String status) {
    return List.of("ROLLED_BACK", "EXPIRED", "REVOKED").contains(status);
  }

  private String url() {
    return "jdbc:postgresql://127.0.0.1:5432/" + database;
  }

  private static Connection admin(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "root");
    p.setProperty("ApplicationName", TEST_APP);
    return DriverManager.getConnection(url, p);
  }
}
