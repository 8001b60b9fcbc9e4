package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.runtime.AppRuntime;
import dev.jit.app.runtime.Database;
import dev.jit.app.runtime.GrantBackends;
import dev.jit.core.Command;
import dev.jit.core.Outcome;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app without Slack: engine, H2, the H2 role backend, metrics and the HTTP endpoints. */
class AppRuntimeTest {
  static final UserId REQUESTER = new UserId("U0REQ1");
  static final UserId OWNER_1 = new UserId("U0OWNER1");
  static final UserId OWNER_2 = new UserId("U0OWNER2");

  @TempDir Path dataDir;
  Database database;
  AppRuntime runtime;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    AppConfig config = ConfigLoader.load(Path.of("config/example.yaml"));
    Env env = new Env(Map.of());
    database = Database.open(env, dataDir, config.settings().database(), false);
    database.migrate();
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE payments_read");
      s.execute("CREATE ROLE payments_write");
      s.execute("CREATE USER alice PASSWORD 'x'");
    }
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .user(REQUESTER, Map.of("db-user", "alice"))
            .user(OWNER_1, Map.of())
            .user(OWNER_2, Map.of());
    runtime =
        AppRuntime.builder()
            .config(config)
            .database(database)
            .backends(
                GrantBackends.open(
                    config.settings().backends(), database, env, java.time.Clock.systemUTC()))
            .directory(directory)
            .notifier(refs -> new RecordingNotifier())
            .managementAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
            .build()
            .start(config.settings());
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  @DisplayName("/healthz answers 200 when the database answers")
  void healthy() throws Exception {
    HttpResponse<String> r = get("/healthz");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"database\":\"ok\"");
  }

  @Test
  @DisplayName("/healthz answers 503 saying the database is unreachable when it is")
  void unhealthy() throws Exception {
    ((HikariDataSource) database.dataSource()).close();
    HttpResponse<String> r = get("/healthz");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"process\":\"ok\"").contains("\"database\":\"unreachable");
  }

  @Test
  @DisplayName("a request approved twice grants the real H2 role, and /metrics shows it")
  void grantAndMetrics() throws Exception {
    Outcome submitted =
        runtime
            .engine()
            .handle(
                new Command.Submit(
                    REQUESTER,
                    new ResourceId("payments-db"),
                    new RoleName("read-only"),
                    Duration.ofHours(1),
                    "Investigate failed refunds on INC-4711",
                    "INC-4711",
                    new IdempotencyKey("submit:1")));
    assertThat(submitted.accepted()).as(submitted.toString()).isTrue();
    RequestId id = submitted.requireRequest().id();
    runtime.engine().handle(new Command.Approve(id, OWNER_1, new IdempotencyKey("approve:1")));
    runtime.engine().handle(new Command.Approve(id, OWNER_2, new IdempotencyKey("approve:2")));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> runtime.engine().find(id).orElseThrow().status() == RequestStatus.ACTIVE);
    assertThat(holdsRole("ALICE", "PAYMENTS_READ")).isTrue();

    // Events are counted as their notifications are delivered, on the delivery thread.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              runtime.refreshMetrics();
              HttpResponse<String> r = get("/metrics");
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.headers().firstValue("Content-Type"))
                  .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
              assertThat(r.body())
                  .contains("jit_requests{state=\"active\"} 1.0")
                  .contains("jit_requests{state=\"pending\"} 0.0")
                  .contains("jit_approvals_total 2.0")
                  .contains("jit_events_total{kind=\"granted\"} 1.0")
                  .contains(
                      "jit_backend_grant_seconds_count{backend=\"h2-role\",outcome=\"success\"} 1")
                  .contains("jit_requests_oldest_pending_age_seconds 0.0");
            });
  }

  private boolean holdsRole(String user, String role) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.RIGHTS WHERE GRANTEE = '"
                    + user
                    + "' AND GRANTEDROLE = '"
                    + role
                    + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.http().port() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
