package dev.jit.slack.handlers;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import dev.jit.core.JitEngine;
import dev.jit.core.JitEngineBuilder;
import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.core.memory.InMemoryMessageRefStore;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.policy.Policy;
import dev.jit.slack.JitSlack;
import dev.jit.slack.JitSlackConfig;
import dev.jit.slack.RateLimitRetry;
import dev.jit.slack.SlackDirectory;
import dev.jit.slack.SlackHttpServer;
import dev.jit.slack.SlackIds;
import dev.jit.slack.SlackMetrics;
import dev.jit.slack.SlackNotifier;
import dev.jit.slack.SlackSocketMode;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.GroupId;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.engine.EngineWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One jit-behind-Slack world: a FakeSlack, an engine with in-memory parts and a clock the test
 * moves, the Bolt app with jit installed, and a {@link SlackClient} that reaches it the way Slack
 * does. Over {@link Transport#HTTP} the app is served by {@link SlackHttpServer} on 127.0.0.1 and
 * the client signs; over {@link Transport#SOCKET_MODE} the app connects to the fake with {@link
 * SlackSocketMode} and the client delivers envelopes on that connection.
 */
final class SlackWorld implements AutoCloseable {
  /** How Slack's requests reach the app. */
  enum Transport {
    HTTP,
    SOCKET_MODE
  }

  static final String SECRET = "test-signing-secret-0123456789";
  static final String APPROVALS = "C0APPROVALS";
  static final UserId REQUESTER = new UserId("UREQ");
  static final UserId OWNER1 = new UserId("UO1");
  static final UserId OWNER2 = new UserId("UO2");
  static final UserId OWNER3 = new UserId("UO3");
  static final UserId STRANGER = new UserId("USTRANGER");

  /** The requesters of the resource {@code ops}, a group the directory is asked about. */
  static final GroupId OPS = new GroupId("S0OPS");

  static final String JUSTIFICATION = "Investigating incident INC-42 in payments";
  static final ObjectMapper JSON = new ObjectMapper();

  static final String POLICY =
      """
      admins: [UO3]
      resources:
        prod-db:
          description: Production payments database
          owners:
            users: [UO1, UO2, UO3]
          requiredApprovals: 2
          approvalTimeout: 30m
          maxDuration: 4h
          durations: [15m, 1h, 4h]
          approvalChannel: C0APPROVALS
          extensionApprovals: 1
          requesters:
            everyone: true
          roles:
            read:
              steps:
                - backend: db-role
                  principal: db-user
                  target: { role: payments_read }
        staging:
          owners:
            users: [UO1]
          requiredApprovals: 1
          approvalTimeout: 2h
          maxDuration: 8h
          requesters:
            users: [UREQ]
          roles:
            read:
              breakGlass:
                users: [UREQ]
                maxDuration: 1h
                announce: C0SECURITY
                reviewWithin: 8h
              steps:
                - backend: db-role
                  principal: db-user
                  target: { role: staging_read }
        ops:
          owners:
            users: [UO1]
          requiredApprovals: 1
          approvalTimeout: 2h
          maxDuration: 1h
          requesters:
            groups: [S0OPS]
          roles:
            read:
              steps:
                - backend: db-role
                  principal: db-user
                  target: { role: ops_read }
      """;

  /** The engine's parts: Slack's policy (with its approval channel) on the shared fixture. */
  final EngineWorld parts = new EngineWorld(POLICY);

  final MutableClock clock = parts.clock;
  final Policy policy = parts.policy;
  final FakeSlack slack = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, Clock.systemUTC());
  final InMemoryRequestStore store = parts.store;
  final InMemoryScheduler scheduler = parts.scheduler;
  final InMemoryGrantBackend db = parts.db;
  final InMemoryMessageRefStore refs = new InMemoryMessageRefStore();
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  final Tracking executor;
  final Slack sdk;
  final SlackNotifier notifier;
  final JitEngine engine;
  final App app;
  final SlackClient client;

  /** The Slack Request URL over HTTP; empty in Socket Mode. */
  final Optional<java.net.URI> endpoint;

  private final AutoCloseable front;

  SlackWorld() {
    this(Transport.HTTP);
  }

  SlackWorld(Transport transport) {
    this(transport, false, Executors.newCachedThreadPool(), SlackMetrics.NONE);
  }

  /**
   * A world whose listeners hand their work to {@code pool} (a bounded one, to see what happens
   * when it is full) and count into {@code metrics}.
   */
  static SlackWorld with(ExecutorService pool, SlackMetrics metrics) {
    return new SlackWorld(Transport.HTTP, false, pool, metrics);
  }

  /**
   * A world whose engine asks FakeSlack about people ({@link SlackDirectory} over {@code
   * users.info}) instead of the in-memory directory; the people are FakeSlack users, with the
   * in-memory directory's identities as static ones.
   */
  static SlackWorld withSlackDirectory() {
    return new SlackWorld(Transport.HTTP, true, Executors.newCachedThreadPool(), SlackMetrics.NONE);
  }

  private SlackWorld(
      Transport transport, boolean slackDirectory, ExecutorService pool, SlackMetrics metrics) {
    executor = new Tracking(pool);
    // request signatures carry the clock's time, and FakeSlack's own times are real ones
    clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    for (UserId u : List.of(REQUESTER, OWNER1, OWNER2, OWNER3, STRANGER)) {
      parts.person(u);
    }
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(slack.apiUrl());
    slackConfig.getMethodsConfig().setStatsEnabled(false);
    sdk = Slack.getInstance(slackConfig);
    JitSlackConfig config =
        JitSlackConfig.builder(refs, executor)
            .rateLimitRetry(RateLimitRetry.ofDefaults().withSleeper(waits::add))
            .metrics(metrics)
            .build();
    notifier = JitSlack.notifier(sdk, FakeSlack.DEFAULT_TOKEN, () -> policy, config);
    JitEngineBuilder builder = parts.parts().backend(db).notifier(notifier);
    if (slackDirectory) {
      Map<UserId, Map<String, String>> identities = new java.util.HashMap<>();
      for (UserId u : List.of(REQUESTER, OWNER1, OWNER2, OWNER3, STRANGER)) {
        slack.addUser(FakeSlack.User.of(u.value(), u.value().toLowerCase(java.util.Locale.ROOT)));
        identities.put(u, parts.directory.user(u).orElseThrow().identities());
      }
      builder.directory(
          SlackDirectory.builder(sdk.methods(FakeSlack.DEFAULT_TOKEN))
              .staticIdentities(identities)
              .rateLimitRetry(RateLimitRetry.ofDefaults().withSleeper(waits::add))
              .build());
    }
    engine = builder.build();
    app =
        new App(
            AppConfig.builder()
                .singleTeamBotToken(FakeSlack.DEFAULT_TOKEN)
                .signingSecret(SECRET)
                .slack(sdk)
                .requestVerificationEnabled(false)
                .build());
    JitSlack.install(app, engine, config);
    if (transport == Transport.SOCKET_MODE) {
      SocketModeApp socket = startSocketMode(slack.appToken());
      front = socket::close;
      client = SlackClient.overSocketMode(clock, slack);
      endpoint = Optional.empty();
    } else {
      SlackHttpServer server = startHttp();
      front = server;
      endpoint = Optional.of(server.url());
      client = new SlackClient(server.url(), SECRET, clock, slack);
    }
  }

  private SlackHttpServer startHttp() {
    try {
      return SlackHttpServer.builder(app, SECRET)
          .address(new InetSocketAddress("127.0.0.1", 0))
          .clock(clock)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connects the app to the fake in Socket Mode with this app-level token. */
  private SocketModeApp startSocketMode(String appToken) {
    try {
      return SlackSocketMode.start(appToken, app);
    } catch (Exception e) {
      throw new IllegalStateException("Socket Mode did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      front.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the app's Slack front end", e);
    } finally {
      executor.pool.shutdownNow();
      slack.close();
    }
  }

  /** Waits until no handler or notifier task is running or queued. */
  void quiesce() {
    await().atMost(10, TimeUnit.SECONDS).until(() -> executor.inFlight.get() == 0);
  }

  // ---------------------------------------------------------------- user actions

  SlackClient.Response submit(UserId user, String resource, String role, String duration) {
    return submit(user, resource, role, duration, JUSTIFICATION);
  }

  SlackClient.Response submit(
      UserId user, String resource, String role, String duration, String justification) {
    return client.viewSubmission(
        user.value(),
        SlackIds.REQUEST_MODAL,
        "",
        Map.of(
            SlackIds.RESOURCE_BLOCK,
            Map.of(SlackIds.RESOURCE_SELECT, SlackClient.staticSelect(resource)),
            SlackIds.ROLE_BLOCK,
            Map.of(SlackIds.ROLE_SELECT, SlackClient.staticSelect(role)),
            SlackIds.DURATION_BLOCK,
            Map.of(SlackIds.DURATION_SELECT, SlackClient.staticSelect(duration)),
            SlackIds.JUSTIFICATION_BLOCK,
            Map.of(SlackIds.JUSTIFICATION_INPUT, SlackClient.plainTextInput(justification))));
  }

  /** Submits the deny reason modal of request {@code id} as {@code user}. */
  SlackClient.Response denyReason(UserId user, RequestId id, String reason) {
    return client.viewSubmission(
        user.value(),
        SlackIds.DENY_REASON_MODAL,
        id.value(),
        Map.of(
            SlackIds.DENY_REASON_BLOCK,
            Map.of(SlackIds.DENY_REASON_INPUT, SlackClient.plainTextInput(reason))));
  }

  /** Submits a prod-db read request for an hour and waits for its approval message. */
  AccessRequest submitProd() {
    submit(REQUESTER, "prod-db", "read", "PT1H");
    await().atMost(5, TimeUnit.SECONDS).until(() -> !slack.messages(APPROVALS).isEmpty());
    return pending(REQUESTER);
  }

  AccessRequest pending(UserId requester) {
    return engine.requestsOf(requester, EnumSet.of(RequestStatus.PENDING), 1).get(0);
  }

  AccessRequest load(RequestId id) {
    return engine.find(id).orElseThrow();
  }

  FakeSlack.Message approvalMessage() {
    return slack.messages(APPROVALS).get(0);
  }

  SlackClient.Response click(UserId user, String actionId, RequestId id) {
    FakeSlack.Message message = approvalMessage();
    return client.blockAction(
        user.value(),
        actionId,
        SlackIds.DECISION_ACTIONS_BLOCK,
        id.value(),
        Optional.of(new SlackClient.MessageContainer(message.channel(), message.ts())),
        Optional.empty());
  }

  void awaitStatus(RequestId id, RequestStatus status) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> load(id).status() == status);
  }

  /**
   * A form-encoded block_actions body for a click with a fixed {@code action_ts}, to send twice as
   * Slack does when it redelivers.
   */
  String clickBody(UserId user, String actionId, RequestId id, String actionTs) {
    FakeSlack.Message message = approvalMessage();
    ObjectNode payload = JSON.createObjectNode().put("type", "block_actions");
    payload.putObject("user").put("id", user.value()).put("team_id", FakeSlack.TEAM_ID);
    payload.put("api_app_id", FakeSlack.APP_ID).put("token", "fake-verification-token");
    payload.putObject("team").put("id", FakeSlack.TEAM_ID);
    payload.put("trigger_id", slack.issueTriggerId());
    payload
        .putObject("container")
        .put("type", "message")
        .put("message_ts", message.ts())
        .put("channel_id", message.channel());
    payload.putObject("channel").put("id", message.channel());
    ObjectNode action = payload.putArray("actions").addObject();
    action.put("action_id", actionId).put("block_id", SlackIds.DECISION_ACTIONS_BLOCK);
    action.put("value", id.value()).put("type", "button").put("action_ts", actionTs);
    return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
  }

  /**
   * The resource values the app answers a {@code block_suggestion} (options load of the resource
   * search) by {@code user} for {@code query} with.
   */
  List<String> suggest(UserId user, String query) {
    ObjectNode payload = JSON.createObjectNode().put("type", "block_suggestion");
    payload.put("action_id", SlackIds.RESOURCE_SELECT).put("block_id", SlackIds.RESOURCE_BLOCK);
    payload.put("value", query).put("api_app_id", FakeSlack.APP_ID);
    payload.putObject("user").put("id", user.value());
    payload.putObject("team").put("id", FakeSlack.TEAM_ID);
    payload.putObject("container").put("type", "view");
    SlackClient.Response response =
        client.send(
            "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8),
            SlackClient.FORM,
            Map.of());
    if (response.status() != 200) {
      throw new IllegalStateException("block_suggestion answered " + response.status());
    }
    return response.json().path("options").findValuesAsText("value");
  }

  static String text(JsonNode node) {
    return node == null ? "" : node.toString();
  }
}
