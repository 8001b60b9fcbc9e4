package dev.jit.slack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.events.payload.AppHomeOpenedPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.payload.GlobalShortcutPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.request.HelloMessage;
import com.slack.api.socket_mode.request.SocketModeEnvelope;
import com.slack.api.util.json.GsonFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The fake's Socket Mode against the Slack SDK's own Socket Mode client (Java-WebSocket backend),
 * whose Gson fails on any property the SDK's classes do not know.
 */
class SocketModeServerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.now());
  private final BlockingQueue<String> hellos = new LinkedBlockingQueue<>();
  private final BlockingQueue<SocketModeEnvelope> envelopes = new LinkedBlockingQueue<>();
  private FakeSlack fake;
  private Slack slack;
  private Gson gson;
  private SocketModeClient client;

  /** What the app under test acks the next envelopes with: a payload, or none. */
  private volatile Optional<String> ackPayload = Optional.of("{\"text\":\"got it\"}");

  @BeforeEach
  void start() {
    fake = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, clock);
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(fake.apiUrl());
    config.getMethodsConfig().setStatsEnabled(false);
    config.setFailOnUnknownProperties(true);
    slack = Slack.getInstance(config);
    gson = GsonFactory.createSnakeCase(config);
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    fake.close();
  }

  /** Connects the SDK's client, which records and acks every envelope. */
  private SocketModeClient connect() throws Exception {
    client = slack.socketMode(FakeSlack.DEFAULT_APP_TOKEN, SocketModeClient.Backend.JavaWebSocket);
    client.addWebSocketMessageListener(
        message -> {
          if (message.contains("\"type\":\"hello\"")) {
            hellos.add(message);
          }
        });
    client.addSlashCommandsEnvelopeListener(this::ack);
    client.addInteractiveEnvelopeListener(this::ack);
    client.addEventsApiEnvelopeListener(this::ack);
    client.connect();
    return client;
  }

  private void ack(SocketModeEnvelope envelope) {
    envelopes.add(envelope);
    String id = "\"envelope_id\":\"" + envelope.getEnvelopeId() + "\"";
    client.sendSocketModeResponse(
        ackPayload.map(p -> "{" + id + ",\"payload\":" + p + "}").orElse("{" + id + "}"));
  }

  private SocketModeEnvelope nextEnvelope() throws InterruptedException {
    SocketModeEnvelope envelope = envelopes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(envelope).as("envelope received by the SDK client").isNotNull();
    return envelope;
  }

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Nested
  class ConnectionsOpen {
    @Test
    @DisplayName(
        "apps.connections.open with the app-level token answers a one-time ws:// URL on 127.0.0.1,"
            + " and is recorded like any call")
    void opensWithAppToken() throws Exception {
      AppsConnectionsOpenResponse first =
          slack.methods().appsConnectionsOpen(r -> r.token(FakeSlack.DEFAULT_APP_TOKEN));
      AppsConnectionsOpenResponse second =
          slack.methods().appsConnectionsOpen(r -> r.token(FakeSlack.DEFAULT_APP_TOKEN));

      assertThat(first.isOk()).isTrue();
      assertThat(first.getUrl())
          .matches("ws://127\\.0\\.0\\.1:\\d+/link/\\?ticket=[0-9a-f-]+&app_id=A0JITFAKE");
      assertThat(second.getUrl()).isNotEqualTo(first.getUrl());
      SlackCall call = fake.lastCall(FakeSlack.APPS_CONNECTIONS_OPEN).orElseThrow();
      assertThat(call.token()).isEqualTo(FakeSlack.DEFAULT_APP_TOKEN);
      assertThat(call.ok()).isTrue();
    }

    @Test
    @DisplayName(
        "apps.connections.open refuses the bot token (not_allowed_token_type), another app token"
            + " (invalid_auth) and no token (not_authed)")
    void refusesOtherTokens() throws Exception {
      assertThat(
              slack.methods().appsConnectionsOpen(r -> r.token(FakeSlack.DEFAULT_TOKEN)).getError())
          .isEqualTo("not_allowed_token_type");
      assertThat(slack.methods().appsConnectionsOpen(r -> r.token("xapp-1-other")).getError())
          .isEqualTo("invalid_auth");
      HttpResponse<String> none =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(fake.apiUrl() + FakeSlack.APPS_CONNECTIONS_OPEN))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(json(none.body()).path("error").asText()).isEqualTo("not_authed");
      assertThat(fake.calls(FakeSlack.APPS_CONNECTIONS_OPEN))
          .extracting(SlackCall::outcome)
          .containsExactly("not_allowed_token_type", "invalid_auth", "not_authed");
      assertThat(fake.socketMode().openConnections()).isZero();
    }

    @Test
    @DisplayName("the app-level token is not_allowed_token_type on a bot method")
    void appTokenOnBotMethod() throws Exception {
      var response =
          slack
              .methods(FakeSlack.DEFAULT_APP_TOKEN)
              .chatPostMessage(r -> r.channel("C1").text("x"));

      assertThat(response.getError()).isEqualTo("not_allowed_token_type");
      assertThat(fake.messages("C1")).isEmpty();
    }

    @Test
    @DisplayName("a ticket opens one connection: a second handshake with the same URL is refused")
    void ticketIsSingleUse() throws Exception {
      String url =
          slack.methods().appsConnectionsOpen(r -> r.token(FakeSlack.DEFAULT_APP_TOKEN)).getUrl();

      WebSocketClient first = rawClient(url);
      WebSocketClient second = rawClient(url);
      try {
        assertThat(first.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.connectBlocking(5, TimeUnit.SECONDS)).isFalse();
        assertThat(fake.socketMode().openConnections()).isEqualTo(1);
      } finally {
        first.closeBlocking();
        second.closeBlocking();
      }
    }

    private WebSocketClient rawClient(String url) {
      return new WebSocketClient(URI.create(url)) {
        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String message) {}

        @Override
        public void onClose(int code, String reason, boolean remote) {}

        @Override
        public void onError(Exception e) {}
      };
    }
  }

  @Nested
  class Protocol {
    @Test
    @DisplayName(
        "the SDK's client connects and is greeted with hello: one connection, the fake's app id")
    void hello() throws Exception {
      connect();

      String hello = hellos.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(hello).isNotNull();
      HelloMessage parsed = gson.fromJson(hello, HelloMessage.class);
      assertThat(parsed.getNumConnections()).isEqualTo(1);
      assertThat(parsed.getConnectionInfo().getAppId()).isEqualTo(FakeSlack.APP_ID);
      assertThat(parsed.getDebugInfo().getHost()).isNotBlank();
      assertThat(fake.socketMode().openConnections()).isEqualTo(1);
    }

    @Test
    @DisplayName(
        "deliver sends an envelope the SDK parses and returns the app's ack with its payload;"
            + " accepts_response_payload as Slack sets it")
    void deliverAndAck() throws Exception {
      connect();

      JsonNode ack =
          fake.socketMode()
              .deliver(
                  SocketModeServer.SLASH_COMMANDS,
                  json("{\"command\":\"/jit\",\"text\":\"prod-db\"}"),
                  WAIT);

      SocketModeEnvelope envelope = nextEnvelope();
      assertThat(envelope.getType()).isEqualTo(SocketModeServer.SLASH_COMMANDS);
      assertThat(envelope.getAcceptsResponsePayload()).isTrue();
      assertThat(envelope.getRetryAttempt()).isZero();
      assertThat(envelope.getRetryReason()).isEmpty();
      assertThat(envelope.getPayload().getAsJsonObject().get("command").getAsString())
          .isEqualTo("/jit");
      assertThat(ack.path("envelope_id").asText()).isEqualTo(envelope.getEnvelopeId());
      assertThat(ack.path("payload").path("text").asText()).isEqualTo("got it");

      ackPayload = Optional.empty();
      JsonNode bare =
          fake.socketMode()
              .deliver(
                  SocketModeServer.INTERACTIVE,
                  json("{\"type\":\"block_actions\"}"),
                  1,
                  "timeout",
                  WAIT);
      SocketModeEnvelope click = nextEnvelope();
      assertThat(click.getAcceptsResponsePayload()).isFalse();
      assertThat(click.getRetryAttempt()).isEqualTo(1);
      assertThat(click.getRetryReason()).isEqualTo("timeout");
      assertThat(bare.has("payload")).isFalse();

      fake.socketMode()
          .deliver(SocketModeServer.INTERACTIVE, json("{\"type\":\"view_submission\"}"), WAIT);
      assertThat(nextEnvelope().getAcceptsResponsePayload()).isTrue();
      fake.socketMode()
          .deliver(SocketModeServer.EVENTS_API, json("{\"type\":\"event_callback\"}"), WAIT);
      assertThat(nextEnvelope().getAcceptsResponsePayload()).isFalse();
    }

    @Test
    @DisplayName("an envelope that is never acked fails the delivery after the timeout")
    void noAck() throws Exception {
      connect();
      client.getSlashCommandsEnvelopeListeners().clear();
      client.addSlashCommandsEnvelopeListener(envelopes::add);

      assertThatThrownBy(
              () ->
                  fake.socketMode()
                      .deliver(
                          SocketModeServer.SLASH_COMMANDS,
                          json("{\"command\":\"/jit\"}"),
                          Duration.ofMillis(500)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("did not ack the slash_commands envelope");
      assertThat(nextEnvelope()).isNotNull();
    }

    @Test
    @DisplayName("without a connection a delivery fails after the timeout")
    void noConnection() {
      assertThatThrownBy(
              () ->
                  fake.socketMode()
                      .deliver(
                          SocketModeServer.EVENTS_API, MAPPER.createObjectNode(), Duration.ZERO))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("no Socket Mode connection");
    }

    @Test
    @DisplayName(
        "after a disconnect (refresh_requested) the SDK's client calls apps.connections.open"
            + " again, and the next envelope arrives on the new connection")
    void disconnectAndReconnect() throws Exception {
      connect();
      assertThat(hellos.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();

      assertThat(fake.socketMode().disconnect(SocketModeServer.REFRESH_REQUESTED)).isEqualTo(1);

      await().atMost(WAIT).until(() -> fake.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size() == 2);
      assertThat(hellos.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
      JsonNode ack =
          fake.socketMode()
              .deliver(SocketModeServer.SLASH_COMMANDS, json("{\"command\":\"/jit\"}"), WAIT);
      assertThat(ack.path("envelope_id").asText()).isEqualTo(nextEnvelope().getEnvelopeId());
      await().atMost(WAIT).until(() -> fake.socketMode().openConnections() == 1);
    }

    @Test
    @DisplayName("closing the fake closes the app's connection")
    void closeEndsConnections() throws Exception {
      connect();
      assertThat(hellos.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
      client.setAutoReconnectEnabled(false);

      fake.close();

      await().atMost(WAIT).until(() -> fake.socketMode().openConnections() == 0);
    }
  }

  @Nested
  class SlackClientOverSocketMode {
    private SlackClient user;

    @BeforeEach
    void connectApp() throws Exception {
      connect();
      user = SlackClient.overSocketMode(clock, fake);
    }

    @Test
    @DisplayName("a slash command is a slash_commands envelope of the form fields as JSON")
    void slashCommand() throws Exception {
      SlackClient.Response response = user.slashCommand("/jit", "prod-db", "U1", "C1");

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().path("text").asText()).isEqualTo("got it");
      SocketModeEnvelope envelope = nextEnvelope();
      assertThat(envelope.getType()).isEqualTo(SocketModeServer.SLASH_COMMANDS);
      SlashCommandPayload command = gson.fromJson(envelope.getPayload(), SlashCommandPayload.class);
      assertThat(command.getCommand()).isEqualTo("/jit");
      assertThat(command.getText()).isEqualTo("prod-db");
      assertThat(command.getUserId()).isEqualTo("U1");
      assertThat(command.getTriggerId()).isNotBlank();
    }

    @Test
    @DisplayName(
        "block actions, view submissions and shortcuts are interactive envelopes; the ack payload"
            + " (response_action errors) is the answer")
    void interactive() throws Exception {
      user.blockAction(
          "U2", "approve", "decision", "7", Optional.empty(), Optional.of(json("{\"id\":\"V1\"}")));
      SocketModeEnvelope click = nextEnvelope();
      assertThat(click.getType()).isEqualTo(SocketModeServer.INTERACTIVE);
      assertThat(gson.fromJson(click.getPayload(), BlockActionPayload.class).getActions())
          .singleElement()
          .satisfies(a -> assertThat(a.getValue()).isEqualTo("7"));

      ackPayload = Optional.of("{\"response_action\":\"errors\",\"errors\":{\"b\":\"Required\"}}");
      SlackClient.Response submitted =
          user.viewSubmission(
              "U1", "request", "", Map.of("b", Map.of("a", SlackClient.plainTextInput(""))));
      SocketModeEnvelope submission = nextEnvelope();
      assertThat(gson.fromJson(submission.getPayload(), ViewSubmissionPayload.class).getView())
          .satisfies(v -> assertThat(v.getCallbackId()).isEqualTo("request"));
      assertThat(submitted.json().path("response_action").asText()).isEqualTo("errors");
      assertThat(submitted.json().path("errors").path("b").asText()).isEqualTo("Required");

      ackPayload = Optional.empty();
      assertThat(user.shortcut("jit_request", "U1").body()).isEmpty();
      assertThat(
              gson.fromJson(nextEnvelope().getPayload(), GlobalShortcutPayload.class)
                  .getCallbackId())
          .isEqualTo("jit_request");
    }

    @Test
    @DisplayName(
        "app_home_opened is an events_api envelope; retry() sets retry_attempt and retry_reason")
    void eventAndRetry() throws Exception {
      user.retry(2, "timeout").appHomeOpened("U1");

      SocketModeEnvelope envelope = nextEnvelope();
      assertThat(envelope.getType()).isEqualTo(SocketModeServer.EVENTS_API);
      assertThat(envelope.getRetryAttempt()).isEqualTo(2);
      assertThat(envelope.getRetryReason()).isEqualTo("timeout");
      AppHomeOpenedPayload event = gson.fromJson(envelope.getPayload(), AppHomeOpenedPayload.class);
      assertThat(event.getEvent().getUser()).isEqualTo("U1");
    }

    @Test
    @DisplayName("a Socket Mode client sends no raw HTTP")
    void noRawHttp() {
      assertThatThrownBy(() -> user.send("payload=%7B%7D", SlackClient.FORM, Map.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Socket Mode");
    }
  }
}
