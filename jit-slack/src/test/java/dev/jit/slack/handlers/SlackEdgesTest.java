package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.APPROVALS;
import static dev.jit.slack.handlers.SlackWorld.OWNER1;
import static dev.jit.slack.handlers.SlackWorld.OWNER2;
import static dev.jit.slack.handlers.SlackWorld.OWNER3;
import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static dev.jit.slack.handlers.SlackWorld.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.core.Command;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signatures, modal validation, Slack failures and the App Home, over HTTP against FakeSlack. */
class SlackEdgesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final SlackWorld world = new SlackWorld();
  private final FakeSlack slack = world.slack;

  @AfterEach
  void close() {
    world.close();
  }

  @Nested
  class Signatures {
    @ParameterizedTest
    @EnumSource(
        value = SlackClient.Signing.class,
        names = {"WRONG_SECRET", "STALE_TIMESTAMP", "FUTURE_TIMESTAMP", "MISSING_HEADERS"})
    @DisplayName("a forged, stale, future-dated or unsigned request is 401 and changes nothing")
    void refused(SlackClient.Signing signing) {
      AccessRequest request = world.submitProd();
      world.quiesce();
      slack.clearCalls();
      SlackClient forged = world.client.signing(signing);

      SlackClient.Response command = forged.slashCommand("/jit", "", "UREQ", "D0REQ");
      SlackClient.Response approve =
          forged.blockAction(
              OWNER1.value(),
              SlackIds.APPROVE,
              SlackIds.DECISION_ACTIONS_BLOCK,
              request.id().value(),
              Optional.of(
                  new SlackClient.MessageContainer(APPROVALS, world.approvalMessage().ts())),
              Optional.empty());
      SlackClient.Response submit =
          forged.viewSubmission(
              STRANGER.value(),
              SlackIds.REQUEST_MODAL,
              "",
              Map.of(
                  SlackIds.RESOURCE_BLOCK,
                  Map.of(SlackIds.RESOURCE_SELECT, SlackClient.staticSelect("staging"))));
      SlackClient.Response home = forged.appHomeOpened(OWNER1.value());

      assertThat(command.status()).isEqualTo(401);
      assertThat(approve.status()).isEqualTo(401);
      assertThat(submit.status()).isEqualTo(401);
      assertThat(home.status()).isEqualTo(401);
      world.quiesce();
      assertThat(slack.calls()).isEmpty();
      AccessRequest now = world.load(request.id());
      assertThat(now.approvers()).isEmpty();
      assertThat(now.version()).isEqualTo(request.version());
      assertThat(world.engine.requestsOf(STRANGER, EnumSet.allOf(RequestStatus.class), 10))
          .isEmpty();
    }

    @Test
    @DisplayName("a body over 1 MB is 413 before anything else")
    void tooLarge() {
      String body = "payload=" + "x".repeat(1024 * 1024 + 1);

      SlackClient.Response response = world.client.send(body, SlackClient.FORM, Map.of());

      assertThat(response.status()).isEqualTo(413);
      // only Bolt's auth.test of the bot token when jit was installed
      assertThat(slack.calls()).extracting(SlackCall::method).isSubsetOf("auth.test");
    }

    @Test
    @DisplayName("a correctly signed request one second inside the window is accepted")
    void insideWindow() {
      SlackClient.Response response = world.client.slashCommand("/jit", "", "UREQ", "D0REQ");

      assertThat(response.status()).isEqualTo(200);
    }
  }

  @Nested
  class ModalInput {
    @Test
    @DisplayName("a large catalog's resource search answers the options-load request")
    void resourceSearch() {
      assertThat(world.suggest(REQUESTER, "prod")).containsExactly("prod-db");
    }

    @Test
    @DisplayName("an empty form gets an error per field")
    void emptyForm() {
      SlackClient.Response response =
          world.client.viewSubmission(REQUESTER.value(), SlackIds.REQUEST_MODAL, "", Map.of());

      JsonNode json = response.json();
      assertThat(json.path("response_action").asText()).isEqualTo("errors");
      assertThat(json.path("errors").has(SlackIds.RESOURCE_BLOCK)).isTrue();
      assertThat(json.path("errors").has(SlackIds.JUSTIFICATION_BLOCK)).isTrue();
      world.quiesce();
      assertThat(world.store.findByRequester(REQUESTER, EnumSet.allOf(RequestStatus.class), 5))
          .isEmpty();
    }

    @Test
    @DisplayName("an unknown resource is refused under the resource field")
    void unknownResource() {
      JsonNode json = world.submit(REQUESTER, "no-such-db", "read", "PT1H").json();

      assertThat(json.path("response_action").asText()).isEqualTo("errors");
      assertThat(json.path("errors").path(SlackIds.RESOURCE_BLOCK).asText())
          .isEqualTo("'no-such-db' is not a resource you can request.");
    }

    @Test
    @DisplayName("a duration above the resource's maximum is refused with the maximum")
    void durationTooLong() {
      JsonNode json = world.submit(REQUESTER, "prod-db", "read", "PT8H").json();

      assertThat(json.path("response_action").asText()).isEqualTo("errors");
      assertThat(json.path("errors").path(SlackIds.DURATION_BLOCK).asText())
          .isEqualTo("8h is longer than the maximum of 4h for prod-db.");
      assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    @DisplayName("an engine rejection becomes a field error with the engine's sentence")
    void engineRejection() {
      JsonNode json = world.submit(STRANGER, "staging", "read", "PT1H").json();

      assertThat(json.path("response_action").asText()).isEqualTo("errors");
      assertThat(json.path("errors").path(SlackIds.JUSTIFICATION_BLOCK).asText()).isNotBlank();
      assertThat(world.engine.requestsOf(STRANGER, EnumSet.allOf(RequestStatus.class), 5))
          .isEmpty();
    }

    @Test
    @DisplayName("choosing a resource updates the modal with its roles and durations")
    void resourceSelectUpdatesModal() {
      world.client.slashCommand("/jit", "", "UREQ", "D0REQ");
      JsonNode opened = slack.view("V00000001").orElseThrow();

      SlackClient.Response response =
          world.client.blockAction(
              REQUESTER.value(),
              SlackIds.RESOURCE_SELECT,
              SlackIds.RESOURCE_BLOCK,
              "prod-db",
              Optional.empty(),
              Optional.of(opened));

      assertThat(response.status()).isEqualTo(200);
      SlackCall update = slack.awaitCall("views.update", WAIT);
      assertThat(update.ok()).isTrue();
      assertThat(update.param("view_id")).contains("V00000001");
      assertThat(update.body().get("view").toString())
          .contains(SlackIds.ROLE_BLOCK, SlackIds.DURATION_BLOCK, "PT4H");
    }
  }

  @Nested
  class SlackFailures {
    @Test
    @DisplayName("a 429 on chat.postMessage is retried after Retry-After and the message arrives")
    void rateLimited() {
      slack.rateLimitNext("chat.postMessage", 1, 7);

      world.submitProd();

      assertThat(world.waits).containsExactly(Duration.ofSeconds(7));
      assertThat(slack.calls("chat.postMessage"))
          .extracting(SlackCall::outcome)
          .containsExactly("ratelimited", "ok");
      assertThat(slack.messages(APPROVALS)).hasSize(1);
    }

    @Test
    @DisplayName("a failed chat.update changes no state; the next notification updates the message")
    void updateOutage() {
      AccessRequest request = world.submitProd();
      slack.failNext("chat.update", 1, "internal_error");

      world.click(OWNER1, SlackIds.APPROVE, request.id());
      slack.awaitCall("chat.update", c -> !c.ok(), WAIT);
      world.quiesce();
      assertThat(world.load(request.id()).approvers()).containsExactly(OWNER1);
      assertThat(world.approvalMessage().edits()).isZero();

      world.click(OWNER2, SlackIds.APPROVE, request.id());
      world.awaitStatus(request.id(), RequestStatus.ACTIVE);
      world.quiesce();
      assertThat(world.approvalMessage().edits()).isPositive();
      assertThat(world.approvalMessage().blocks().toString())
          .doesNotContain(SlackIds.DECISION_ACTIONS_BLOCK);
    }

    @Test
    @DisplayName("an approval message lost to an outage is posted with the next notification")
    void postOutage() {
      slack.failNext("chat.postMessage", 1, "internal_error");
      world.submit(REQUESTER, "prod-db", "read", "PT1H");
      world.quiesce();
      AccessRequest request = world.pending(REQUESTER);
      assertThat(slack.messages(APPROVALS)).isEmpty();

      world.engine.handle(
          new Command.Approve(request.id(), OWNER1, new IdempotencyKey("test:approve:1")));
      world.quiesce();

      assertThat(slack.messages(APPROVALS)).hasSize(1);
      assertThat(world.approvalMessage().blocks().toString())
          .contains("1 of 2", SlackIds.DECISION_ACTIONS_BLOCK);
    }
  }

  @Nested
  class Home {
    @Test
    @DisplayName("app_home_opened publishes the viewer's Home with what awaits their approval")
    void homeOpened() {
      AccessRequest request = world.submitProd();

      SlackClient.Response response = world.client.appHomeOpened(OWNER1.value());

      assertThat(response.status()).isEqualTo(200);
      SlackCall publish = slack.awaitCall("views.publish", WAIT);
      assertThat(publish.param("user_id")).contains(OWNER1.value());
      assertThat(publish.body().get("view").toString())
          .contains(SlackIds.APPROVE, request.id().value(), SlackIds.OPEN_REQUEST_MODAL);
    }

    @Test
    @DisplayName("an admin's Home lists everyone's active grants, and Revoke there ends one")
    void adminRevokesFromHome() {
      AccessRequest request = world.submitProd();
      world.click(OWNER1, SlackIds.APPROVE, request.id());
      world.click(OWNER2, SlackIds.APPROVE, request.id());
      world.awaitStatus(request.id(), RequestStatus.ACTIVE);
      world.quiesce();

      world.client.appHomeOpened(OWNER1.value());
      world.client.appHomeOpened(OWNER3.value());
      await().atMost(WAIT).until(() -> slack.homeView(OWNER3.value()).isPresent());
      await().atMost(WAIT).until(() -> slack.homeView(OWNER1.value()).isPresent());
      assertThat(slack.homeView(OWNER1.value()).orElseThrow().toString())
          .doesNotContain("Everyone's active grants");
      JsonNode home = slack.homeView(OWNER3.value()).orElseThrow();
      assertThat(home.toString())
          .contains("Everyone's active grants (admin)", SlackIds.REVOKE, request.id().value());

      world.client.blockAction(
          OWNER3.value(),
          SlackIds.REVOKE,
          "any",
          request.id().value(),
          Optional.empty(),
          Optional.of(home));

      world.awaitStatus(request.id(), RequestStatus.REVOKED);
      assertThat(world.load(request.id()).decidedBy()).contains(OWNER3);
    }

    @Test
    @DisplayName("Cancel on the Home cancels the request and refreshes the Home")
    void cancelFromHome() {
      AccessRequest request = world.submitProd();
      world.client.appHomeOpened(REQUESTER.value());
      slack.awaitCall("views.publish", WAIT);
      world.quiesce();
      JsonNode home = slack.homeView(REQUESTER.value()).orElseThrow();
      assertThat(home.toString()).contains(SlackIds.CANCEL);

      world.client.blockAction(
          REQUESTER.value(),
          SlackIds.CANCEL,
          "any",
          request.id().value(),
          Optional.empty(),
          Optional.of(home));

      world.awaitStatus(request.id(), RequestStatus.CANCELLED);
      await().atMost(WAIT).until(() -> slack.calls("views.publish").size() == 2);
      world.quiesce();
      assertThat(slack.homeView(REQUESTER.value()).orElseThrow().toString())
          .doesNotContain(SlackIds.CANCEL);
      assertThat(world.approvalMessage().blocks().toString())
          .doesNotContain(SlackIds.DECISION_ACTIONS_BLOCK);
    }

    @Test
    @DisplayName("Request access on the Home opens the request modal")
    void requestAccessFromHome() {
      world.client.appHomeOpened(REQUESTER.value());
      slack.awaitCall("views.publish", WAIT);
      world.quiesce();
      JsonNode home = slack.homeView(REQUESTER.value()).orElseThrow();

      world.client.blockAction(
          REQUESTER.value(),
          SlackIds.OPEN_REQUEST_MODAL,
          SlackIds.HOME_ACTIONS_BLOCK,
          "",
          Optional.empty(),
          Optional.of(home));

      SlackCall open = slack.lastCall("views.open").orElseThrow();
      assertThat(open.ok()).isTrue();
      assertThat(open.body().get("view").path("callback_id").asText())
          .isEqualTo(SlackIds.REQUEST_MODAL);
    }
  }
}
