package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.APPROVALS;
import static dev.jit.slack.handlers.SlackWorld.OWNER1;
import static dev.jit.slack.handlers.SlackWorld.OWNER2;
import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.jit.slack.SlackIds;
import dev.jit.slack.SlackSocketMode;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.slack.testkit.SocketModeServer;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The app in Socket Mode, as {@link SlackSocketMode} runs it: Bolt's real {@code SocketModeApp}
 * (Java-WebSocket backend) opens its connection with {@code apps.connections.open} on FakeSlack and
 * receives every request as an envelope on it, acking there.
 */
class SlackSocketModeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SlackWorld world = new SlackWorld(SlackWorld.Transport.SOCKET_MODE);
  private final FakeSlack slack = world.slack;

  @AfterEach
  void close() {
    world.close();
  }

  @Test
  @DisplayName(
      "over Socket Mode: slash command → modal → a refused submission's field errors in the ack →"
          + " submission → two approvals → grant → DM → App Home")
  void completeFlow() {
    // Bolt asks for a URL twice at start: once to build its client, once to connect.
    assertThat(slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.token()).isEqualTo(FakeSlack.DEFAULT_APP_TOKEN))
        .allMatch(SlackCall::ok);
    int connectionsOpened = slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size();

    SlackClient.Response command = world.client.slashCommand("/jit", "prod-db", "UREQ", "D0REQ");

    assertThat(command.status()).isEqualTo(200);
    SlackCall open = slack.lastCall("views.open").orElseThrow();
    assertThat(open.ok()).isTrue();
    assertThat(open.body().get("view").path("callback_id").asText())
        .isEqualTo(SlackIds.REQUEST_MODAL);
    assertThat(open.body().get("view").toString()).contains("\"initial_option\"", "prod-db");

    JsonNode refused = world.submit(REQUESTER, "prod-db", "read", "PT8H").json();
    assertThat(refused.path("response_action").asText()).isEqualTo("errors");
    assertThat(refused.path("errors").path(SlackIds.DURATION_BLOCK).asText())
        .contains("At most 4h");

    SlackClient.Response submitted = world.submit(REQUESTER, "prod-db", "read", "PT1H");
    assertThat(submitted.json().path("response_action").isMissingNode()).isTrue();
    SlackCall posted =
        slack.awaitCall(
            "chat.postMessage", c -> c.param("channel").orElse("").equals(APPROVALS), WAIT);
    assertThat(posted.ok()).isTrue();
    AccessRequest request = world.pending(REQUESTER);
    assertThat(world.approvalMessage().blocks().toString())
        .contains(SlackIds.DECISION_ACTIONS_BLOCK, request.id().value());

    assertThat(world.click(OWNER1, SlackIds.APPROVE, request.id()).status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> world.load(request.id()).approvers().size() == 1);
    assertThat(world.click(OWNER2, SlackIds.APPROVE, request.id()).status()).isEqualTo(200);
    world.awaitStatus(request.id(), RequestStatus.ACTIVE);

    assertThat(world.db.holdings().orElseThrow()).hasSize(1);
    String requesterDm = slack.dmChannel(REQUESTER.value());
    slack.awaitCall(
        "chat.postMessage", c -> c.param("channel").orElse("").equals(requesterDm), WAIT);
    world.quiesce();
    assertThat(world.approvalMessage().blocks().toString())
        .doesNotContain(SlackIds.DECISION_ACTIONS_BLOCK);

    world.client.appHomeOpened(REQUESTER.value());
    SlackCall publish = slack.awaitCall("views.publish", WAIT);
    assertThat(publish.param("user_id")).contains(REQUESTER.value());
    assertThat(publish.body().get("view").toString()).contains(request.id().value());
    assertThat(slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN)).hasSize(connectionsOpened);
    assertThat(slack.socketMode().openConnections()).isEqualTo(1);
  }

  @Test
  @DisplayName("a wrong app-level token is refused by Slack with invalid_auth; a bot token sooner")
  void wrongAppToken() {
    int calls = slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size();

    assertThatThrownBy(() -> SlackSocketMode.start("xapp-1-A0JITFAKE-1-revoked", world.app))
        .hasMessageContaining("invalid_auth");
    assertThat(slack.lastCall(FakeSlack.APPS_CONNECTIONS_OPEN).orElseThrow().outcome())
        .isEqualTo("invalid_auth");

    assertThatThrownBy(() -> SlackSocketMode.start(FakeSlack.DEFAULT_TOKEN, world.app))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("app-level token");
    assertThat(slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN)).hasSize(calls + 1);
    assertThat(slack.socketMode().openConnections()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "after Slack's disconnect (refresh_requested) the app opens a new connection, and requests"
          + " still arrive")
  void reconnectsAfterDisconnect() {
    world.client.shortcut("jit_request", REQUESTER.value());
    slack.awaitCall("views.open", WAIT);
    int calls = slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size();

    assertThat(slack.socketMode().disconnect(SocketModeServer.REFRESH_REQUESTED)).isEqualTo(1);

    await()
        .atMost(WAIT)
        .until(() -> slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size() == calls + 1);
    assertThat(slack.lastCall(FakeSlack.APPS_CONNECTIONS_OPEN).orElseThrow().ok()).isTrue();
    SlackClient.Response command = world.client.slashCommand("/jit", "", "UREQ", "D0REQ");
    assertThat(command.status()).isEqualTo(200);
    assertThat(slack.calls("views.open")).hasSize(2).allMatch(SlackCall::ok);
    await().atMost(WAIT).until(() -> slack.socketMode().openConnections() == 1);
  }

  @Test
  @DisplayName(
      "Slack refusing apps.connections.open with HTTP 429 fails start with an IOException naming"
          + " the method, not Bolt's NullPointerException")
  void rateLimitedAtStart() {
    slack.rateLimitNext(FakeSlack.APPS_CONNECTIONS_OPEN, 1, 30);

    assertThatThrownBy(() -> SlackSocketMode.start(FakeSlack.DEFAULT_APP_TOKEN, world.app))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("apps.connections.open");
    assertThat(slack.lastCall(FakeSlack.APPS_CONNECTIONS_OPEN).orElseThrow().outcome())
        .isEqualTo("ratelimited");
  }

  @Test
  @DisplayName("close ends the connection and shuts down the SDK client's threads too")
  void closeStopsTheClient() throws Exception {
    SocketModeApp second = SlackSocketMode.start(FakeSlack.DEFAULT_APP_TOKEN, world.app);
    await().atMost(WAIT).until(() -> slack.socketMode().openConnections() == 2);
    SocketModeClient client = second.getClient();

    second.close();

    assertThat(client.getMessageProcessorExecutor().isShutdown()).isTrue();
    assertThat(client.getSessionMonitorExecutor())
        .hasValueSatisfying(monitor -> assertThat(monitor.isShutdown()).isTrue());
    await().atMost(WAIT).until(() -> slack.socketMode().openConnections() == 1);
  }
}
