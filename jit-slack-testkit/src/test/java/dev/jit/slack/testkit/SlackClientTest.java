package dev.jit.slack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.app_backend.events.payload.AppHomeOpenedPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.payload.GlobalShortcutPayload;
import com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.util.JsonPayloadExtractor;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What SlackClient sends, received by a tiny echo endpoint and checked with the Slack SDK's own
 * classes.
 */
class SlackClientTest {

  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Strict: fails on any property the SDK's payload classes do not know. */
  private static final Gson GSON;

  static {
    SlackConfig strict = new SlackConfig();
    strict.setFailOnUnknownProperties(true);
    GSON = GsonFactory.createSnakeCase(strict);
  }

  private record Received(Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private final MutableClock clock = new MutableClock(Instant.now());
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private HttpServer app;
  private FakeSlack fake;
  private SlackClient client;

  @BeforeEach
  void start() throws Exception {
    app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.createContext(
        "/slack/events",
        exchange -> {
          Map<String, String> headers = new java.util.HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          received.add(
              new Received(
                  headers,
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          byte[] answer = "{\"response_action\":\"clear\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("X-Echo", "yes");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    app.start();
    fake = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, clock);
    client =
        new SlackClient(
            URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/slack/events"),
            SECRET,
            clock,
            fake);
  }

  @AfterEach
  void stop() {
    app.stop(0);
    fake.close();
  }

  private Received lastReceived() throws InterruptedException {
    Received r = received.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("request received by the app").isNotNull();
    return r;
  }

  private static boolean verifies(Received r) {
    return new SlackSignature.Verifier(new SlackSignature.Generator(SECRET))
        .isValid(
            r.header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP),
            r.body(),
            r.header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE));
  }

  private static String payload(Received r) {
    return new JsonPayloadExtractor().extractIfExists(r.body());
  }

  private MethodsClient methods() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(fake.apiUrl());
    config.getMethodsConfig().setStatsEnabled(false);
    return Slack.getInstance(config).methods(FakeSlack.DEFAULT_TOKEN);
  }

  @Nested
  class Payloads {
    @Test
    @DisplayName("a slash command is a signed form whose trigger_id the fake accepts once")
    void slashCommand() throws Exception {
      SlackClient.Response response = client.slashCommand("/jit", "request prod-db 1h", "U1", "C1");

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("x-echo")).contains("yes");
      Received r = lastReceived();
      assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
      assertThat(verifies(r)).isTrue();
      SlashCommandPayload command = new SlashCommandPayloadParser().parse(r.body());
      assertThat(command.getCommand()).isEqualTo("/jit");
      assertThat(command.getText()).isEqualTo("request prod-db 1h");
      assertThat(command.getUserId()).isEqualTo("U1");
      assertThat(command.getChannelId()).isEqualTo("C1");
      assertThat(command.getTeamId()).isEqualTo(FakeSlack.TEAM_ID);
      assertThat(command.getResponseUrl()).startsWith("http://127.0.0.1:");

      View modal =
          View.builder()
              .type("modal")
              .callbackId("c")
              .title(com.slack.api.model.view.Views.viewTitle(t -> t.type("plain_text").text("t")))
              .build();
      assertThat(methods().viewsOpen(v -> v.triggerId(command.getTriggerId()).view(modal)).isOk())
          .isTrue();
      assertThat(
              methods().viewsOpen(v -> v.triggerId(command.getTriggerId()).view(modal)).getError())
          .isEqualTo("exchanged_trigger_id");
    }

    @Test
    @DisplayName("a response_url posted to is recorded by the fake")
    void responseUrl() throws Exception {
      client.slashCommand("/jit", "", "U1", "C1");
      String url = new SlashCommandPayloadParser().parse(lastReceived().body()).getResponseUrl();

      var answer =
          Slack.getInstance()
              .send(url, "{\"text\":\"working on it\",\"response_type\":\"ephemeral\"}");

      assertThat(answer.getCode()).isEqualTo(200);
      SlackCall call = fake.awaitCall(FakeSlack.RESPONSE_URL_METHOD, Duration.ofSeconds(5));
      assertThat(call.params()).containsEntry("text", "working on it").containsEntry("url", url);
    }

    @Test
    @DisplayName(
        "a block action in a message carries the container, the message as the fake has it and the action")
    void blockActionInMessage() throws Exception {
      var posted = methods().chatPostMessage(m -> m.channel("C1").text("Request #7"));

      client.blockAction(
          "U2",
          "approve",
          "decision",
          "7",
          Optional.of(new SlackClient.MessageContainer("C1", posted.getTs())),
          Optional.empty());

      Received r = lastReceived();
      assertThat(verifies(r)).isTrue();
      BlockActionPayload payload = GSON.fromJson(payload(r), BlockActionPayload.class);
      assertThat(payload.getType()).isEqualTo("block_actions");
      assertThat(payload.getUser().getId()).isEqualTo("U2");
      assertThat(payload.getContainer().getType()).isEqualTo("message");
      assertThat(payload.getContainer().getMessageTs()).isEqualTo(posted.getTs());
      assertThat(payload.getContainer().getChannelId()).isEqualTo("C1");
      assertThat(payload.getChannel().getId()).isEqualTo("C1");
      assertThat(payload.getMessage().getText()).isEqualTo("Request #7");
      assertThat(payload.getActions())
          .singleElement()
          .satisfies(a -> assertThat(a.getActionId()).isEqualTo("approve"))
          .satisfies(a -> assertThat(a.getBlockId()).isEqualTo("decision"))
          .satisfies(a -> assertThat(a.getValue()).isEqualTo("7"));
      assertThat(payload.getTriggerId()).isNotBlank();
      assertThat(payload.getResponseUrl()).isNotBlank();
    }

    @Test
    @DisplayName("a block action in a view carries a view container and the view")
    void blockActionInView() throws Exception {
      View home = View.builder().type("home").blocks(java.util.List.of()).build();
      String viewId = methods().viewsPublish(v -> v.userId("U1").view(home)).getView().getId();

      client.blockAction(
          "U1",
          "refresh",
          "b",
          "",
          Optional.empty(),
          Optional.of(fake.homeView("U1").orElseThrow()));

      BlockActionPayload payload = GSON.fromJson(payload(lastReceived()), BlockActionPayload.class);
      assertThat(payload.getContainer().getType()).isEqualTo("view");
      assertThat(payload.getContainer().getViewId()).isEqualTo(viewId);
      assertThat(payload.getView().getId()).isEqualTo(viewId);
      assertThat(payload.getView().getType()).isEqualTo("home");
      assertThat(payload.getMessage()).isNull();
    }

    @Test
    @DisplayName("a view submission carries callback id, private metadata and typed state values")
    void viewSubmission() throws Exception {
      SlackClient.Response response =
          client.viewSubmission(
              "U1",
              "request",
              "{\"target\":\"prod\"}",
              Map.of(
                  "reason", Map.of("reason_input", SlackClient.plainTextInput("incident 42")),
                  "duration", Map.of("duration_select", SlackClient.staticSelect("PT1H")),
                  "approver", Map.of("approver_select", SlackClient.usersSelect("U9"))));

      assertThat(response.json().get("response_action").asText()).isEqualTo("clear");
      Received r = lastReceived();
      assertThat(verifies(r)).isTrue();
      ViewSubmissionPayload payload = GSON.fromJson(payload(r), ViewSubmissionPayload.class);
      assertThat(payload.getType()).isEqualTo("view_submission");
      assertThat(payload.getUser().getId()).isEqualTo("U1");
      assertThat(payload.getView().getCallbackId()).isEqualTo("request");
      assertThat(payload.getView().getPrivateMetadata()).isEqualTo("{\"target\":\"prod\"}");
      var values = payload.getView().getState().getValues();
      assertThat(values.get("reason").get("reason_input").getValue()).isEqualTo("incident 42");
      assertThat(values.get("duration").get("duration_select").getSelectedOption().getValue())
          .isEqualTo("PT1H");
      assertThat(values.get("approver").get("approver_select").getSelectedUser()).isEqualTo("U9");
    }

    @Test
    @DisplayName("a global shortcut carries its callback id and a trigger_id")
    void shortcut() throws Exception {
      client.shortcut("request_access", "U1");

      GlobalShortcutPayload payload =
          GSON.fromJson(payload(lastReceived()), GlobalShortcutPayload.class);
      assertThat(payload.getType()).isEqualTo("shortcut");
      assertThat(payload.getCallbackId()).isEqualTo("request_access");
      assertThat(payload.getUser().getId()).isEqualTo("U1");
      assertThat(payload.getTriggerId()).isNotBlank();
    }

    @Test
    @DisplayName(
        "app_home_opened is a signed Events API JSON body with the user's DM and current home view")
    void appHomeOpened() throws Exception {
      client.appHomeOpened("U1");
      Received first = lastReceived();
      assertThat(first.header("content-type")).isEqualTo("application/json");
      assertThat(verifies(first)).isTrue();
      AppHomeOpenedPayload firstOpen = GSON.fromJson(first.body(), AppHomeOpenedPayload.class);
      assertThat(firstOpen.getType()).isEqualTo("event_callback");
      assertThat(firstOpen.getEvent().getType()).isEqualTo("app_home_opened");
      assertThat(firstOpen.getEvent().getUser()).isEqualTo("U1");
      assertThat(firstOpen.getEvent().getChannel()).isEqualTo(fake.dmChannel("U1"));
      assertThat(firstOpen.getEvent().getTab()).isEqualTo("home");
      assertThat(firstOpen.getEvent().getView()).isNull();

      methods().viewsPublish(v -> v.userId("U1").view(View.builder().type("home").build()));
      client.appHomeOpened("U1");
      AppHomeOpenedPayload again = GSON.fromJson(lastReceived().body(), AppHomeOpenedPayload.class);
      assertThat(again.getEvent().getView().getType()).isEqualTo("home");
      assertThat(again.getEventId()).isNotEqualTo(firstOpen.getEventId());
    }
  }

  @Nested
  class Signing {
    @Test
    @DisplayName(
        "the signature is v0= hex HMAC-SHA256 of v0:ts:body, ts being the clock's epoch second")
    void signature() throws Exception {
      client.send("a=b", SlackClient.FORM, Map.of());

      Received r = lastReceived();
      String ts = r.header("x-slack-request-timestamp");
      assertThat(ts).isEqualTo(String.valueOf(clock.instant().getEpochSecond()));
      assertThat(r.header("x-slack-signature"))
          .isEqualTo(new SlackSignature.Generator(SECRET).generate(ts, "a=b"))
          .matches("v0=[0-9a-f]{64}");
      assertThat(r.header("x-slack-retry-num")).isNull();
    }

    @Test
    @DisplayName("a wrong secret, a stale timestamp and missing headers fail Slack's verifier")
    void forged() throws Exception {
      client.signing(SlackClient.Signing.WRONG_SECRET).shortcut("c", "U1");
      assertThat(verifies(lastReceived())).isFalse();

      client.signing(SlackClient.Signing.STALE_TIMESTAMP).shortcut("c", "U1");
      Received stale = lastReceived();
      assertThat(Long.parseLong(stale.header("x-slack-request-timestamp")))
          .isEqualTo(clock.instant().getEpochSecond() - 360);
      assertThat(verifies(stale)).isFalse();

      client.signing(SlackClient.Signing.MISSING_HEADERS).shortcut("c", "U1");
      Received missing = lastReceived();
      assertThat(missing.header("x-slack-signature")).isNull();
      assertThat(missing.header("x-slack-request-timestamp")).isNull();
      assertThat(verifies(missing)).isFalse();
    }

    @Test
    @DisplayName(
        "a future timestamp is correctly signed, and the SDK's verifier accepts it: apps must reject it"
            + " themselves")
    void future() throws Exception {
      client.signing(SlackClient.Signing.FUTURE_TIMESTAMP).shortcut("c", "U1");

      Received future = lastReceived();
      assertThat(Long.parseLong(future.header("x-slack-request-timestamp")))
          .isEqualTo(clock.instant().getEpochSecond() + 360);
      assertThat(verifies(future)).isTrue();
    }

    @Test
    @DisplayName("retry headers are added; explicit headers replace generated ones")
    void retryAndOverride() throws Exception {
      client.retry(1, "http_timeout").appHomeOpened("U1");
      Received retried = lastReceived();
      assertThat(retried.header("x-slack-retry-num")).isEqualTo("1");
      assertThat(retried.header("x-slack-retry-reason")).isEqualTo("http_timeout");
      assertThat(verifies(retried)).isTrue();

      client.send("{}", SlackClient.JSON, Map.of("X-Slack-Signature", "v0=forged"));
      assertThat(lastReceived().header("x-slack-signature")).isEqualTo("v0=forged");
    }
  }

  @Test
  @DisplayName("Response.json reads the app's answer")
  void responseJson() {
    JsonNode json = new SlackClient.Response(200, "{\"a\":1}", Map.of()).json();
    assertThat(json.get("a").asInt()).isEqualTo(1);
    assertThat(new SlackClient.Response(200, "", Map.of()).json())
        .isEqualTo(MAPPER.createObjectNode());
  }
}
