package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.jit.slack.SlackIds;
import dev.jit.slack.SlackSocketMode;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.slack.testkit.SocketModeServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The app in Socket Mode, as {@link SlackSocketMode} runs it: Bolt's real {@code SocketModeApp}
 * (Java-WebSocket backend) opens its connection with {@code apps.connections.open} on FakeSlack and
 * receives every request as an envelope on it, acking there.
 */
class SlackSocketModeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AutoClose private final SlackWorld world = new SlackWorld(SlackWorld.Transport.SOCKET_MODE);

  @Test
  @DisplayName(
      "over Socket Mode, the complete flow of SlackFlowTest (command, modal, refused submission"
          + " with its field errors in the ack, submission, two approvals, grant, expiry), then the"
          + " App Home from an events_api envelope, all on one connection")
  void completeFlow() {
    // Bolt asks for a URL twice at start: once to build its client, once to connect.
    assertThat(world.slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.token()).isEqualTo(FakeSlack.DEFAULT_APP_TOKEN))
        .allMatch(SlackCall::ok);
    int connectionsOpened = world.slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size();

    SlackFlowTest.completeFlow(world);

    assertThat(world.client.appHomeOpened(REQUESTER.value()).status()).isEqualTo(200);
    SlackCall publish = world.slack.awaitCall("views.publish", WAIT);
    assertThat(publish.ok()).isTrue();
    assertThat(publish.param("user_id")).contains(REQUESTER.value());
    assertThat(publish.body().get("view").toString()).contains(SlackIds.OPEN_REQUEST_MODAL);
    assertThat(world.slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN)).hasSize(connectionsOpened);
    assertThat(world.slack.socketMode().openConnections()).isEqualTo(1);
  }

  @Test
  @DisplayName("a wrong app-level token is refused by Slack with invalid_auth; a bot token sooner")
  void wrongAppToken() {
    int calls = world.slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size();

    assertThatThrownBy(() -> SlackSocketMode.start("xapp-1-A0JITFAKE-1-revoked", world.app))
        .hasMessageContaining("invalid_auth");
    assertThat(world.slack.lastCall(FakeSlack.APPS_CONNECTIONS_OPEN).orElseThrow().outcome())
        .isEqualTo("invalid_auth");

    assertThatThrownBy(() -> SlackSocketMode.start(FakeSlack.DEFAULT_TOKEN, world.app))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("app-level token");
    assertThat(world.slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN)).hasSize(calls + 1);
    // The app's own connection (opened in the background at start) is the only one.
    await().atMost(WAIT).until(() -> world.slack.socketMode().openConnections() == 1);
  }

  @Test
  @DisplayName(
      "after Slack's disconnect (refresh_requested) the app opens a new connection, and requests"
          + " still arrive")
  void reconnectsAfterDisconnect() {
    world.client.shortcut("jit_request", REQUESTER.value());
    world.slack.awaitCall("views.open", WAIT);
    int calls = world.slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size();

    assertThat(world.slack.socketMode().disconnect(SocketModeServer.REFRESH_REQUESTED))
        .isEqualTo(1);

    await()
        .atMost(WAIT)
        .until(() -> world.slack.calls(FakeSlack.APPS_CONNECTIONS_OPEN).size() == calls + 1);
    assertThat(world.slack.lastCall(FakeSlack.APPS_CONNECTIONS_OPEN).orElseThrow().ok()).isTrue();
    SlackClient.Response command = world.client.slashCommand("/jit", "", "UREQ", "D0REQ");
    assertThat(command.status()).isEqualTo(200);
    assertThat(world.slack.calls("views.open")).hasSize(2).allMatch(SlackCall::ok);
    await().atMost(WAIT).until(() -> world.slack.socketMode().openConnections() == 1);
  }

  @Test
  @DisplayName(
      "Slack refusing apps.connections.open with HTTP 429 fails start with an IOException naming"
          + " the method, not Bolt's NullPointerException")
  void rateLimitedAtStart() {
    world.slack.rateLimitNext(FakeSlack.APPS_CONNECTIONS_OPEN, 1, 30);

    assertThatThrownBy(() -> SlackSocketMode.start(FakeSlack.DEFAULT_APP_TOKEN, world.app))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("apps.connections.open");
    assertThat(world.slack.lastCall(FakeSlack.APPS_CONNECTIONS_OPEN).orElseThrow().outcome())
        .isEqualTo("ratelimited");
  }

  @Test
  @DisplayName("close ends the connection and shuts down the SDK client's threads too")
  void closeStopsTheClient() throws Exception {
    SocketModeApp second = SlackSocketMode.start(FakeSlack.DEFAULT_APP_TOKEN, world.app);
    await().atMost(WAIT).until(() -> world.slack.socketMode().openConnections() == 2);
    SocketModeClient client = second.getClient();

    second.close();

    assertThat(client.getMessageProcessorExecutor().isShutdown()).isTrue();
    assertThat(client.getSessionMonitorExecutor())
        .hasValueSatisfying(monitor -> assertThat(monitor.isShutdown()).isTrue());
    await().atMost(WAIT).until(() -> world.slack.socketMode().openConnections() == 1);
  }
}
