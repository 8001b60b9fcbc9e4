package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jit.app.runtime.Database;
import dev.jit.http.testkit.SlowClients;
import dev.jit.slack.SlackHttpServer;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, as an operator runs it: {@code serve} in HTTP mode against the shared fake Slack
 * and the embedded database, the whole flow over signed HTTP, and a restart of the process between
 * approval and expiry. Access is granted for 30 seconds, so expiry happens while the test waits.
 */
class JarEndToEndIT {
  private static final String REQUESTER = "U0E2EREQ";
  private static final String OWNER_1 = "U0E2EOWN1";
  private static final String OWNER_2 = "U0E2EOWN2";
  private static final String SECRET = "e2e-signing-secret";
  private static final String CONFIG =
      """
      settings:
        engine:
          grantLease: 1m
          expiryWarning: 5s
        sweepInterval: 2s
        scheduler:
          pollingInterval: 200ms
        databaseRoles:
          - backend: h2-role
            roles: [payments_read]
        identities:
          U0E2EREQ: { db-user: alice }
      policy:
        resources:
          e2e-db:
            description: End-to-end test database
            owners:
              users: [U0E2EOWN1, U0E2EOWN2]
            requiredApprovals: 2
            approvalTimeout: 30m
            maxDuration: 1m
            durations: [30s]
            requesters:
              users: [U0E2EREQ]
            roles:
              read-only:
                steps:
                  - backend: h2-role
                    principal: db-user
                    target: { role: payments_read }
      """;

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private FakeSlack slack;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (slack != null) {
      slack.close();
    }
  }

  @Test
  @DisplayName(
      "serve, over HTTP: request, two approvals, grant, restart, expiry, revocation, audit verify")
  void wholeFlowWithRestart() throws Exception {
    startSlack();
    Path config = Files.writeString(dir.resolve("jit.yaml"), CONFIG);
    Path data = dir.resolve("data");
    Jar.Ports ports = Jar.Ports.free();

    serve(config, data, ports, Map.of());
    createRoleAndUser(data);
    SlackClient client = ports.client(SECRET, slack);

    requestAndApprove(client);
    awaitDm("access granted");
    assertThat(holdsRole(data)).isTrue();

    Process first = processes.remove(0);
    first.destroy();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("graceful shutdown").isTrue();

    java.time.Instant restarted = java.time.Instant.now();
    serve(config, data, ports, Map.of());
    dev.jit.slack.testkit.SlackCall expired = awaitDm("access expired");
    assertThat(expired.at()).as("expiry handled by the restarted process").isAfter(restarted);
    assertThat(holdsRole(data)).isFalse();
    FakeSlack.Message approval = slack.messages(slack.dmChannel(OWNER_1)).get(0);
    assertThat(slack.message(approval.channel(), approval.ts()).orElseThrow().blocks().toString())
        .contains("Expired")
        .doesNotContain(SlackIds.APPROVE);

    Jar.assertAuditVerifies(data, Map.of());
  }

  @Test
  @DisplayName(
      "serve, with SLACK_APP_TOKEN: connects in Socket Mode, no Slack path on HTTP; request, two"
          + " approvals and grant arrive as envelopes on the socket")
  void socketMode() throws Exception {
    startSlack();
    Path config = Files.writeString(dir.resolve("jit.yaml"), CONFIG);
    Path data = dir.resolve("data");
    Jar.Ports ports = Jar.Ports.free();

    serve(config, data, ports, Map.of("SLACK_APP_TOKEN", slack.appToken()));
    createRoleAndUser(data);
    await().atMost(Duration.ofSeconds(20)).until(() -> slack.socketMode().openConnections() == 1);
    assertThatThrownBy(() -> new Socket("127.0.0.1", ports.slack()).close())
        .as("no Slack port in Socket Mode")
        .isInstanceOf(IOException.class);
    HttpResponse<String> slackPath =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(ports.management(SlackHttpServer.DEFAULT_PATH))
                    .POST(HttpRequest.BodyPublishers.ofString("command=%2Fjit"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(slackPath.statusCode()).as("no Slack path on the management port").isEqualTo(404);

    requestAndApprove(SlackClient.overSocketMode(Clock.systemUTC(), slack));

    awaitDm("access granted");
    assertThat(holdsRole(data)).isTrue();
    Process serving = processes.remove(0);
    serving.destroy();
    assertThat(serving.waitFor(30, TimeUnit.SECONDS)).as("graceful shutdown").isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> slack.socketMode().openConnections() == 0);
  }

  private void startSlack() {
    slack = FakeSlack.start();
    slack.addUser(FakeSlack.User.of(REQUESTER, "alice").withEmail("alice@example.com"));
    slack.addUser(FakeSlack.User.of(OWNER_1, "olivia").withEmail("olivia@example.com"));
    slack.addUser(FakeSlack.User.of(OWNER_2, "oscar").withEmail("oscar@example.com"));
  }

  /** The requester's command and submission, then both owners' approvals. */
  private void requestAndApprove(SlackClient client) {
    client.slashCommand("/jit", "e2e-db", REQUESTER, slack.dmChannel(REQUESTER));
    slack.awaitCall("views.open", Duration.ofSeconds(20));
    Jar.submit(
        client, REQUESTER, "e2e-db", "read-only", "PT30S", "End-to-end test of the built jar");
    for (String owner : List.of(OWNER_1, OWNER_2)) {
      Jar.approve(client, owner, Jar.approvalDm(slack, owner, Duration.ofSeconds(20)));
    }
  }

  @Test
  @DisplayName(
      "24 slow unauthenticated uploads to the Slack port: signed requests are still acked within"
          + " Slack's 3 s and /healthz answers on the management port, which is loopback only and"
          + " serves no Slack path, while the Slack port serves no /healthz")
  void slowClientFlood() throws Exception {
    startSlack();
    Path config = Files.writeString(dir.resolve("jit.yaml"), CONFIG);
    Jar.Ports ports = Jar.Ports.free();
    serve(config, dir.resolve("data"), ports, Map.of());
    SlackClient client = ports.client(SECRET, slack);
    HttpClient http = HttpClient.newHttpClient();

    assertThat(get(http, ports.management(SlackHttpServer.DEFAULT_PATH)).statusCode())
        .isEqualTo(404);
    assertThat(get(http, ports.requestUrl().resolve("/healthz")).statusCode()).isEqualTo(404);
    assertThat(get(http, ports.requestUrl().resolve("/metrics")).statusCode()).isEqualTo(404);
    for (java.net.InetAddress other : nonLoopbackAddresses()) {
      assertThatThrownBy(() -> new Socket(other, ports.management()).close())
          .as("management port on %s", other)
          .isInstanceOf(IOException.class);
    }

    List<Duration> quiet = slashCommands(client);
    List<Duration> acks;
    try (SlowClients flood =
        SlowClients.start(ports.requestUrl(), 24, Duration.ofMillis(200), Duration.ofSeconds(8))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> flood.connected() == 24);
      acks = slashCommands(client);
      assertThat(get(http, ports.management("/healthz")).statusCode()).isEqualTo(200);
      assertThat(flood.awaitEnd(Duration.ofSeconds(30))).isTrue();
    }
    System.out.println("jar: signed acks without a flood " + quiet + ", during one " + acks);
    assertThat(acks).allSatisfy(took -> assertThat(took).isLessThan(Duration.ofSeconds(3)));
  }

  /** Five signed slash commands, one after the other, and how long each took to its ack. */
  private List<Duration> slashCommands(SlackClient client) {
    List<Duration> took = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      SlackClient.Response r =
          client.slashCommand("/jit", "e2e-db", REQUESTER, slack.dmChannel(REQUESTER));
      took.add(Duration.ofNanos(System.nanoTime() - start));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    return took;
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** This machine's addresses other than loopback, IPv4 (none on a machine without a network). */
  private static List<java.net.InetAddress> nonLoopbackAddresses() throws IOException {
    List<java.net.InetAddress> out = new ArrayList<>();
    for (java.net.NetworkInterface nic :
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
        if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
          out.add(a);
        }
      }
    }
    return out;
  }

  private void serve(Path config, Path data, Jar.Ports ports, Map<String, String> extraEnv)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Jar.java(),
                "-jar",
                Jar.jar(),
                "serve",
                "--config",
                config.toString(),
                "--data-dir",
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("serve-" + processes.size() + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SLACK_BOT_TOKEN", slack.token());
    env.put("SLACK_SIGNING_SECRET", SECRET);
    env.put("JIT_SLACK_API_URL", slack.apiUrl());
    env.putAll(ports.env());
    env.remove("SLACK_APP_TOKEN");
    env.remove("JIT_DB_URL");
    env.putAll(extraEnv);
    processes.add(0, pb.start());
    if (extraEnv.containsKey("SLACK_APP_TOKEN")) {
      Jar.awaitHealthy(ports, Duration.ofSeconds(60));
    } else {
      Jar.awaitServing(ports, Duration.ofSeconds(60));
    }
  }

  private dev.jit.slack.testkit.SlackCall awaitDm(String words) {
    String channel = slack.dmChannel(REQUESTER);
    return slack.awaitCall(
        "chat.postMessage",
        c ->
            channel.equals(c.param("channel").orElse(""))
                && c.param("text").orElse("").toLowerCase(Locale.ROOT).contains(words),
        Duration.ofSeconds(90));
  }

  private static void createRoleAndUser(Path data) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(Database.embeddedUrl(data), Database.EMBEDDED_USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE IF NOT EXISTS payments_read");
      s.execute("CREATE USER IF NOT EXISTS alice PASSWORD 'e2e-only'");
    }
  }

  private static boolean holdsRole(Path data) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(Database.embeddedUrl(data), Database.EMBEDDED_USER, "");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.RIGHTS WHERE GRANTEETYPE = 'USER'"
                    + " AND GRANTEE = 'ALICE' AND GRANTEDROLE = 'PAYMENTS_READ'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }
}
