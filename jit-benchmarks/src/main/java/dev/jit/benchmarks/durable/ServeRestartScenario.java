package dev.jit.benchmarks.durable;

import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} of the built jar ({@code --jar}, {@code reference-app/target/jit.jar} unless given)
 * started on a {@link ScratchDb} holding {@code n} ACTIVE grants ({@link GrantSeeder}, expiring an
 * hour or more from now, their timers in place as an engine leaves them) and {@value #OVERDUE} more
 * that expired a second before, with a {@link FakeSlack}; beside the same with the overdue grants
 * alone. From the moment the process is started: the first {@code /healthz} 200, the first 200 to a
 * signed slash command, every overdue grant revoked (their database roles, by {@code
 * DatabaseRoleBackend}), and the background recovery's end (its log line).
 */
final class ServeRestartScenario {
  static final int OVERDUE = 100;
  private static final String SECRET = "perf-signing-secret";
  private static final String REQUESTER = "U0PERFREQ";
  private static final Pattern RECOVERED =
      Pattern.compile("recovery: timers of (\\d+) open request\\(s\\) in place after (\\d+) ms");

  private static final Pattern STAMP = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\d\\.\\d+) ");

  private ServeRestartScenario() {}

  record Times(
      double healthz, double slackAck, double inside, double overdueRevoked, double recovered) {}

  static void run(Report report, int n, String jar) throws Exception {
    Times empty = serve(0, jar);
    Times full = serve(n, jar);
    String with = String.format("%,d active grants", n);
    row(report, "serve: first /healthz 200 after start, " + with, full.healthz(), empty.healthz());
    row(report, "serve: first Slack ack after start, " + with, full.slackAck(), empty.slackAck());
    row(
        report,
        "… of which from serve's first log line (database open) to its port open",
        full.inside(),
        empty.inside());
    row(
        report,
        String.format("… %d grants overdue at restart: all revoked after", OVERDUE),
        full.overdueRevoked(),
        empty.overdueRevoked());
    row(
        report,
        "… background recovery (every open request's timers) done after",
        full.recovered(),
        empty.recovered());
  }

  private static void row(Report report, String figure, double value, double baseline) {
    boolean target = figure.startsWith("serve:");
    report.row(
        figure,
        String.format("%.2f s", value),
        String.format("%.2f s", baseline),
        value / baseline,
        target ? "≤ 2 s" : "",
        target ? value <= 2.0 : null);
  }

  private static Times serve(int n, String jar) throws Exception {
    try (ScratchDb db = new ScratchDb("serve", 4);
        FakeSlack slack = FakeSlack.start()) {
      ExpiryScenario.Roles.create(db, OVERDUE);
      try {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant later = now.plus(Duration.ofHours(1));
        long seeding = System.nanoTime();
        GrantSeeder.seed(
            db,
            "db-role",
            n + OVERDUE,
            i -> i < OVERDUE ? now.minusSeconds(1) : later.plusMillis(i),
            true);
        System.out.printf(
            "  seeded %,d grants in %.1f s%n", n + OVERDUE, (System.nanoTime() - seeding) / 1e9);
        return timed(db, slack, jar);
      } finally {
        ExpiryScenario.Roles.drop(db, OVERDUE);
      }
    }
  }

  private static Times timed(ScratchDb db, FakeSlack slack, String jar) throws Exception {
    slack.addUser(FakeSlack.User.of(REQUESTER, "perf"));
    Path dir = Files.createTempDirectory("perf-serve");
    Path log = dir.resolve("serve.log");
    int port = freePort();
    int management = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar,
                "serve",
                "--config",
                Files.writeString(dir.resolve("jit.yaml"), config()).toString(),
                "--data-dir",
                dir.resolve("data").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SLACK_BOT_TOKEN", slack.token());
    env.put("SLACK_SIGNING_SECRET", SECRET);
    env.put("JIT_SLACK_API_URL", slack.apiUrl());
    env.put("JIT_HTTP_PORT", Integer.toString(port));
    // /healthz is on the management port (9464 unless set); a jar from before it existed ignores it
    env.put("JIT_MANAGEMENT_PORT", Integer.toString(management));
    env.put("JIT_DB_URL", ScratchDb.SERVER + db.name);
    env.put("JIT_DB_USER", ScratchDb.USER);
    env.remove("SLACK_APP_TOKEN");
    env.remove("JIT_INSTANCE_ID");
    HttpClient http = HttpClient.newHttpClient();
    SlackClient client =
        new SlackClient(
            URI.create("http://127.0.0.1:" + port + "/slack/events"),
            SECRET,
            Clock.systemUTC(),
            slack);
    long start = System.nanoTime();
    Process app = pb.start();
    try {
      double healthz =
          until(start, app, log, () -> healthy(http, management) || healthy(http, port));
      double ack =
          until(
              start,
              app,
              log,
              () ->
                  client.slashCommand("/jit", "", REQUESTER, slack.dmChannel(REQUESTER)).status()
                      == 200);
      String revoked = "SELECT count(*) FROM jit_audit WHERE action = 'revoked'";
      double overdue = until(start, app, log, () -> db.count(revoked) >= OVERDUE);
      // A jar that recovers before its port opens (before 2026-12-06) logs no end of it: run it
      // with -Dperf.recoveryWait=5 (seconds to wait for the line).
      long giveUp =
          System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("perf.recoveryWait", 15 * 60));
      double recovered =
          until(
              start,
              app,
              log,
              () -> RECOVERED.matcher(read(log)).find() || System.nanoTime() > giveUp);
      Matcher m = RECOVERED.matcher(read(log));
      boolean logged = m.find();
      if (!logged) {
        recovered = Double.NaN;
      }
      System.out.printf(
          "  healthz %.2f s, Slack ack %.2f s, overdue revoked %.2f s, recovery done %.2f s"
              + " (%s open requests in %s ms by its log)%n",
          healthz, ack, overdue, recovered, logged ? m.group(1) : "?", logged ? m.group(2) : "?");
      return new Times(healthz, ack, inside(read(log)), overdue, recovered);
    } finally {
      app.destroy();
      if (!app.waitFor(60, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
  }

  /** Seconds from {@code start} until {@code done}, polled every 10 ms; 15 minutes at most. */
  private static double until(long start, Process app, Path log, BooleanSupplier done)
      throws Exception {
    while (true) {
      boolean ok;
      try {
        ok = done.getAsBoolean();
      } catch (RuntimeException notYet) {
        ok = false;
      }
      if (ok) {
        return (System.nanoTime() - start) / 1e9;
      }
      if (!app.isAlive() || System.nanoTime() - start > TimeUnit.MINUTES.toNanos(15)) {
        throw new IllegalStateException("serve stopped or took too long:\n" + read(log));
      }
      Thread.sleep(10);
    }
  }

  private static boolean healthy(HttpClient http, int port) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Seconds between the log's first line and the line saying the HTTP port is open. */
  static double inside(String log) {
    Matcher first = STAMP.matcher(log);
    Matcher port = Pattern.compile("(?m)^(\\S+) .*HTTP server on port").matcher(log);
    if (!first.find() || !port.find()) {
      return Double.NaN;
    }
    return Duration.between(LocalTime.parse(first.group(1)), LocalTime.parse(port.group(1)))
            .toMillis()
        / 1000.0;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** serve's settings and {@link DurableWorld#policy}, the role step on a real database role. */
  private static String config() {
    return "settings:\n"
        + "  databaseRoles:\n"
        + "    - backend: db-role\n"
        + "      roles: ["
        + DurableWorld.ROLE
        + "]\n"
        + "policy:\n"
        + DurableWorld.policy("db-role").indent(2);
  }
}
