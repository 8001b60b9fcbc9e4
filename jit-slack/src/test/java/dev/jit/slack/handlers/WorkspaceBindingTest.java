package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.OWNER1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.slack.testkit.SocketModeServer;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Workspace binding: a payload claiming another workspace (team), enterprise or app than the bot
 * token's own ({@code auth.test}) is refused even when correctly signed or delivered on the app's
 * own Socket Mode connection.
 */
class WorkspaceBindingTest {
  private static final String OTHER_TEAM = "T0OTHERTEAM";

  @Test
  @DisplayName(
      "over HTTP, a correctly signed approval from another workspace is 401 and changes nothing")
  void foreignTeamOverHttp() {
    try (SlackWorld world = new SlackWorld()) {
      AccessRequest request = world.submitProd();
      world.quiesce();
      String body =
          foreign(world.clickBody(OWNER1, SlackIds.APPROVE, request.id(), "1764080400.000100"));

      SlackClient.Response response = world.client.send(body, SlackClient.FORM, Map.of());

      assertThat(response.status()).isEqualTo(401);
      world.quiesce();
      assertThat(world.load(request.id()).approvers()).isEmpty();
      assertThat(world.load(request.id()).version()).isEqualTo(request.version());
    }
  }

  @Test
  @DisplayName("over HTTP, the same approval from the token's own workspace is counted")
  void ownTeamOverHttp() {
    try (SlackWorld world = new SlackWorld()) {
      AccessRequest request = world.submitProd();
      String body = world.clickBody(OWNER1, SlackIds.APPROVE, request.id(), "1764080400.000100");

      SlackClient.Response response = world.client.send(body, SlackClient.FORM, Map.of());

      assertThat(response.status()).isEqualTo(200);
      world.quiesce();
      assertThat(world.load(request.id()).approvers()).containsExactly(OWNER1);
    }
  }

  @Test
  @DisplayName("in Socket Mode, an approval from another workspace is acked and changes nothing")
  void foreignTeamOverSocketMode() throws Exception {
    try (SlackWorld world = new SlackWorld(SlackWorld.Transport.SOCKET_MODE)) {
      AccessRequest request = world.submitProd();
      world.quiesce();
      JsonNode payload =
          SlackWorld.JSON.readTree(
              decode(
                  foreign(
                      world.clickBody(
                          OWNER1, SlackIds.APPROVE, request.id(), "1764080400.000100"))));

      JsonNode ack =
          world
              .slack
              .socketMode()
              .deliver(SocketModeServer.INTERACTIVE, payload, Duration.ofSeconds(5));

      assertThat(ack.path("envelope_id").asText()).isNotEmpty();
      world.quiesce();
      AccessRequest now = world.load(request.id());
      assertThat(now.approvers()).isEmpty();
      assertThat(now.status()).isEqualTo(RequestStatus.PENDING);
    }
  }

  private static String foreign(String clickBody) {
    return encode(decode(clickBody).replace(FakeSlack.TEAM_ID, OTHER_TEAM));
  }

  private static String decode(String formBody) {
    return URLDecoder.decode(formBody.substring("payload=".length()), StandardCharsets.UTF_8);
  }

  private static String encode(String json) {
    return "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
  }
}
