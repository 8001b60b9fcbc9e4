package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.http.testkit.RoundRobinProxy;
import dev.jit.jdbc.Dialect;
import dev.jit.slack.SlackHttpServer;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replicas, as docs/operations.md says to run them: three {@code serve} processes of the
 * built jar on one PostgreSQL database (migrated by its owner, served by the application login with
 * the shipped grants), behind a round-robin proxy that sends each Slack request and click to the
 * next replica. One replica is killed with SIGKILL while grants are active. What the database and
 * the fake Slack show afterwards is the contract: each role granted once, every notification shown
 * once, nothing left standing.
 */
class ReplicasIT {
  private static final String SECRET = "replicas-signing-secret";
  private static final String CHANNEL = "C0RPLAPPROVE";
  private static final String OWNER_1 = "U0RPLOWN1";
  private static final String OWNER_2 = "U0RPLOWN2";
  private static final int REPLICAS = 3;
  private static final int FIRST_WAVE = 3;
  private static final int REQUESTS = 4;

  @TempDir Path dir;
  private final List<Process> replicas = new ArrayList<>();
  private ScratchDatabase db;
  private FakeSlack slack;
  private RoundRobinProxy proxy;
  private String role;
  private final List<String> users = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : replicas) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (proxy != null) {
      proxy.close();
    }
    if (slack != null) {
      slack.close();
    }
    if (db != null) {
      List<String> drop = new ArrayList<>();
      for (String u : users) {
        drop.add("DROP ROLE IF EXISTS " + u);
      }
      drop.add("DROP ROLE IF EXISTS " + role);
      db.admin(drop.toArray(String[]::new));
      db.close();
    }
  }

  private static String requester(int i) {
    return "U0RPLREQ" + i;
  }

  @Test
  @DisplayName(
      "three serve replicas on one PostgreSQL behind a round-robin proxy, one killed with SIGKILL"
          + " while grants are active: each role granted once, every approval message and DM"
          + " shown once, the outbox empty, no role left standing, the audit chain intact")
  void replicasBehindAProxy() throws Exception {
    db = ScratchDatabase.create(Dialect.POSTGRESQL);
    Cli.Run migrate = Cli.run(db.ownerEnv(), "db", "migrate");
    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    db.runGrantsScript();
    createRoleAndUsers();
    startSlack();
    Path config = Files.writeString(dir.resolve("jit.yaml"), configYaml());
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      ports.add(serve(config, i));
    }
    proxy = RoundRobinProxy.onLocalPorts(ports);
    SlackClient client =
        new SlackClient(
            URI.create("http://127.0.0.1:" + proxy.port() + SlackHttpServer.DEFAULT_PATH),
            SECRET,
            Clock.systemUTC(),
            slack);

    for (int i = 0; i < FIRST_WAVE; i++) {
      requestAndApprove(client, i);
    }
    for (int i = 0; i < FIRST_WAVE; i++) {
      awaitDm(i, "access granted");
    }
    Process killed = replicas.get(1);
    killed.destroyForcibly();
    assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    for (int i = FIRST_WAVE; i < REQUESTS; i++) {
      requestAndApprove(client, i);
      awaitDm(i, "access granted");
    }

    for (int i = 0; i < REQUESTS; i++) {
      awaitDm(i, "access expired");
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> count("SELECT COUNT(*) FROM jit_outbox") == 0);
    assertThat(count("SELECT COUNT(*) FROM jit_request WHERE status <> 'EXPIRED'")).isZero();
    assertThat(count("SELECT COUNT(*) FROM jit_request")).isEqualTo(REQUESTS);
    assertThat(count("SELECT COUNT(*) FROM jit_audit WHERE action = 'step_granted'"))
        .as("each request's one step granted once")
        .isEqualTo(REQUESTS);
    assertThat(roleMembers()).as("role members left standing").isZero();
    assertThat(slack.messages(CHANNEL)).as("one approval message per request").hasSize(REQUESTS);
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(dms(i, "access granted")).as("granted DMs of requester %s", i).isEqualTo(1);
      assertThat(dms(i, "access expired")).as("expired DMs of requester %s", i).isEqualTo(1);
    }
    for (FakeSlack.Message m : slack.messages(CHANNEL)) {
      assertThat(m.blocks().toString()).contains("Expired").doesNotContain(SlackIds.APPROVE);
    }
    assertThat(proxy.servedBy()).as("requests reached every replica").contains(0, 1, 2);
    Cli.Run verify = Cli.run(db.appEnv(), "audit", "verify");
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("audit chain intact");
  }

  private void requestAndApprove(SlackClient client, int i) {
    Jar.submit(client, requester(i), "replicas-db", "read", "PT30S", "Replicas test, request " + i);
    await().atMost(Duration.ofSeconds(60)).until(() -> approvalMessage(i).isPresent());
    FakeSlack.Message message = approvalMessage(i).orElseThrow();
    for (String owner : List.of(OWNER_1, OWNER_2)) {
      Jar.approve(client, owner, message);
      String channel = message.channel();
      String ts = message.ts();
      // the next click goes to another replica only once this one is counted
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  slack.message(channel, ts).orElseThrow().edits()
                      >= (owner.equals(OWNER_1) ? 1 : 2));
    }
  }

  private Optional<FakeSlack.Message> approvalMessage(int i) {
    return slack.messages(CHANNEL).stream()
        .filter(m -> m.text().contains(requester(i)))
        .findFirst();
  }

  private void awaitDm(int i, String words) {
    await().atMost(Duration.ofSeconds(120)).until(() -> dms(i, words) >= 1);
  }

  private long dms(int i, String words) {
    return slack.messages(slack.dmChannel(requester(i))).stream()
        .filter(m -> m.text().toLowerCase(Locale.ROOT).contains(words))
        .count();
  }

  private void startSlack() {
    slack = FakeSlack.start();
    for (String u :
        List.of(requester(0), requester(1), requester(2), requester(3), OWNER_1, OWNER_2)) {
      slack.addUser(FakeSlack.User.of(u, u.toLowerCase(Locale.ROOT)));
    }
  }

  private void createRoleAndUsers() {
    String suffix = db.name.substring("dbops_".length());
    role = "rpl_r_" + suffix;
    List<String> sql = new ArrayList<>(List.of("CREATE ROLE " + role));
    for (int i = 0; i < REQUESTS; i++) {
      String u = "rpl_u" + i + "_" + suffix;
      users.add(u);
      sql.add("CREATE ROLE " + u + " LOGIN");
    }
    db.admin(sql.toArray(String[]::new));
  }

  private String configYaml() {
    StringBuilder identities = new StringBuilder();
    StringBuilder requesters = new StringBuilder();
    for (int i = 0; i < REQUESTS; i++) {
      identities.append("    ").append(requester(i)).append(": { db-user: ").append(users.get(i));
      identities.append(" }\n");
      requesters.append(i == 0 ? "" : ", ").append(requester(i));
    }
    return """
        settings:
          engine: { grantLease: 1m, expiryWarning: 1s }
          sweepInterval: 1s
          scheduler: { pollingInterval: 200ms }
          backends:
            - name: target
              kind: database-role
              url: "%s"
              roles: [%s]
          identities:
        %s
        policy:
          resources:
            replicas-db:
              description: Replicas test database
              owners: { users: [%s, %s] }
              requiredApprovals: 2
              approvalTimeout: 30m
              maxDuration: 1m
              durations: [30s]
              approvalChannel: %s
              requesters: { users: [%s] }
              roles:
                read:
                  steps:
                    - { backend: target, principal: db-user, target: { role: %s } }
        """
        .formatted(
            ScratchDatabase.adminUrl(Dialect.POSTGRESQL),
            role,
            identities.toString().stripTrailing(),
            OWNER_1,
            OWNER_2,
            CHANNEL,
            requesters,
            role);
  }

  /**
   * Starts replica {@code i} on free ports and waits until it is healthy; returns its Slack port.
   */
  private int serve(Path config, int i) throws IOException {
    Jar.Ports ports = Jar.Ports.free();
    ProcessBuilder pb =
        new ProcessBuilder(
                Jar.java(),
                "-jar",
                Jar.jar(),
                "serve",
                "--config",
                config.toString(),
                "--data-dir",
                dir.resolve("data-" + i).toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("serve-" + i + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.putAll(db.appEnv());
    env.put("SLACK_BOT_TOKEN", slack.token());
    env.put("SLACK_SIGNING_SECRET", SECRET);
    env.put("JIT_SLACK_API_URL", slack.apiUrl());
    env.putAll(ports.env());
    env.remove("SLACK_APP_TOKEN");
    env.remove("JIT_INSTANCE_ID");
    replicas.add(pb.start());
    Jar.awaitServing(ports, Duration.ofSeconds(90));
    return ports.slack();
  }

  private long count(String sql) throws SQLException {
    try (Connection c = db.connect(db.owner, db.ownerPassword);
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Members of the granted role, as PostgreSQL itself has them. */
  private long roleMembers() throws SQLException {
    try (Connection c = DriverManager.getConnection(ScratchDatabase.adminUrl(Dialect.POSTGRESQL));
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                    + " WHERE r.rolname = ?")) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
