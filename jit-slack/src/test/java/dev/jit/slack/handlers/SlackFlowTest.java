package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.APPROVALS;
import static dev.jit.slack.handlers.SlackWorld.OWNER1;
import static dev.jit.slack.handlers.SlackWorld.OWNER2;
import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole request → approval → grant → expiry flow, over signed HTTP against FakeSlack ({@link
 * SlackSocketModeTest} walks the same flow over Socket Mode).
 */
class SlackFlowTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** Slack shows the user an error when an interaction is not acknowledged within this. */
  private static final Duration SLACK_ACK_DEADLINE = Duration.ofSeconds(3);

  private final SlackWorld world = new SlackWorld();
  private final FakeSlack slack = world.slack;

  @AfterEach
  void close() {
    world.close();
  }

  @Test
  @DisplayName(
      "slash command → modal → refused submission → submission → approval message → two approvals"
          + " → grant → DM → expiry → revoke → approval message shows Expired without buttons")
  void completeFlow() {
    completeFlow(world);
  }

  /** The complete flow, over whichever transport the world's client uses. */
  static void completeFlow(SlackWorld world) {
    FakeSlack slack = world.slack;
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
        .isEqualTo("8h is longer than the maximum of 4h for prod-db.");

    SlackClient.Response submitted = world.submit(REQUESTER, "prod-db", "read", "PT1H");
    assertThat(submitted.status()).isEqualTo(200);
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

    world.clock.advance(Duration.ofHours(1).plusMinutes(1));
    while (world.scheduler.runDue(world.engine::onTimer) > 0) {
      // deliver timers that became due, including any they schedule
    }

    assertThat(world.load(request.id()).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(world.db.holdings().orElseThrow()).isEmpty();
    SlackCall expiredUpdate =
        slack.awaitCall(
            "chat.update",
            c -> c.ok() && SlackWorld.text(c.body().get("blocks")).contains("Expired"),
            WAIT);
    assertThat(SlackWorld.text(expiredUpdate.body().get("blocks")))
        .contains(SlackIds.STATUS_BLOCK)
        .doesNotContain(SlackIds.DECISION_ACTIONS_BLOCK)
        .doesNotContain("\"type\":\"button\"");
    world.quiesce();
    FakeSlack.Message message = world.approvalMessage();
    assertThat(message.blocks().toString())
        .contains("Expired")
        .doesNotContain("\"actions\"")
        .doesNotContain(SlackIds.APPROVE);
    assertThat(slack.messages(requesterDm))
        .extracting(FakeSlack.Message::text)
        .anySatisfy(t -> assertThat(t).containsIgnoringCase("expired"));
  }

  @Test
  @DisplayName("the approving click is acked within Slack's 3 s while the grant is still held up")
  void ackWhileGrantIsSlow() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch granting = new CountDownLatch(1);
    world.db.onCall(
        call -> {
          if (call.op() == InMemoryGrantBackend.Op.GRANT) {
            granting.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    AccessRequest request = world.submitProd();
    world.click(OWNER1, SlackIds.APPROVE, request.id());
    await().atMost(WAIT).until(() -> world.load(request.id()).approvers().size() == 1);

    long start = System.nanoTime();
    SlackClient.Response response = world.click(OWNER2, SlackIds.APPROVE, request.id());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // The grant is held until release: an ack that waited for it would take 30 s, not arrive now.
    assertThat(response.status()).isEqualTo(200);
    assertThat(took).isLessThan(SLACK_ACK_DEADLINE);
    assertThat(granting.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(world.load(request.id()).status()).isEqualTo(RequestStatus.APPROVED);

    release.countDown();
    world.awaitStatus(request.id(), RequestStatus.ACTIVE);
  }

  @Test
  @DisplayName(
      "a double click and a redelivered payload (same action_ts, X-Slack-Retry-Num) grant once")
  void doubleClickAndRedeliveryGrantOnce() {
    AccessRequest request = world.submitProd();
    world.click(OWNER1, SlackIds.APPROVE, request.id());
    world.click(OWNER1, SlackIds.APPROVE, request.id());
    world.quiesce();
    String body = world.clickBody(OWNER2, SlackIds.APPROVE, request.id(), "1764080400.000100");

    SlackClient.Response first = world.client.send(body, SlackClient.FORM, Map.of());
    SlackClient.Response again =
        world.client.retry(1, "http_timeout").send(body, SlackClient.FORM, Map.of());
    SlackClient.Response third =
        world.client.retry(2, "http_timeout").send(body, SlackClient.FORM, Map.of());

    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(third.status()).isEqualTo(200);
    world.awaitStatus(request.id(), RequestStatus.ACTIVE);
    world.quiesce();
    assertThat(world.db.calls())
        .filteredOn(c -> c.op() == InMemoryGrantBackend.Op.GRANT)
        .hasSize(1);
    assertThat(world.load(request.id()).approvers()).hasSize(2);
    // the second click of the same owner is refused, and told to that owner only
    SlackCall ephemeral = slack.lastCall("chat.postEphemeral").orElseThrow();
    assertThat(ephemeral.param("user")).contains(OWNER1.value());
    assertThat(ephemeral.param("channel")).contains(APPROVALS);
    assertThat(slack.calls("chat.postEphemeral")).hasSize(1);
  }

  @Test
  @DisplayName("mrkdwn in the justification renders inert in the approval message")
  void injectionIsInert() {
    String evil =
        "Need it <!channel> <@U0BOSS> <!subteam^S0TEAM> <https://evil.example|click> & <!here>";
    world.submit(REQUESTER, "prod-db", "read", "PT1H", evil);
    await().atMost(WAIT).until(() -> !slack.messages(APPROVALS).isEmpty());

    FakeSlack.Message message = world.approvalMessage();
    String everything = message.blocks().toString() + message.text();
    assertThat(everything)
        .doesNotContain("<!channel>", "<@U0BOSS>", "<!subteam", "<https://evil", "<!here>")
        .contains("&lt;!channel&gt;", "&lt;@U0BOSS&gt;", "&lt;https://evil.example|click&gt;");
    assertThat(world.pending(REQUESTER).justification()).isEqualTo(evil);
  }

  @Test
  @DisplayName("Deny opens the reason modal; its submission denies, tells the requester the reason")
  void denyWithReason() {
    AccessRequest request = world.submitProd();

    assertThat(world.click(OWNER1, SlackIds.DENY, request.id()).status()).isEqualTo(200);
    SlackCall open = slack.lastCall("views.open").orElseThrow();
    assertThat(open.ok()).isTrue();
    assertThat(open.body().get("view").path("callback_id").asText())
        .isEqualTo(SlackIds.DENY_REASON_MODAL);
    assertThat(open.body().get("view").path("private_metadata").asText())
        .isEqualTo(request.id().value());

    SlackClient.Response submitted =
        world.denyReason(OWNER1, request.id(), "Use the read replica instead");

    assertThat(submitted.status()).isEqualTo(200);
    world.awaitStatus(request.id(), RequestStatus.DENIED);
    String dm = slack.dmChannel(REQUESTER.value());
    await()
        .atMost(WAIT)
        .until(
            () ->
                slack.messages(dm).stream()
                    .anyMatch(m -> m.blocks().toString().contains("Use the read replica instead")));
    world.quiesce();
    assertThat(world.approvalMessage().blocks().toString())
        .contains("Denied")
        .doesNotContain(SlackIds.DECISION_ACTIONS_BLOCK);
  }

  @Test
  @DisplayName("an empty deny reason is a field error and denies nothing")
  void emptyDenyReason() {
    AccessRequest request = world.submitProd();

    SlackClient.Response submitted = world.denyReason(OWNER1, request.id(), "   ");

    assertThat(submitted.json().path("response_action").asText()).isEqualTo("errors");
    assertThat(submitted.json().path("errors").has(SlackIds.DENY_REASON_BLOCK)).isTrue();
    world.quiesce();
    assertThat(world.load(request.id()).status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  @DisplayName("the global shortcut opens the request modal")
  void shortcutOpensModal() {
    SlackClient.Response response = world.client.shortcut("jit_request", REQUESTER.value());

    assertThat(response.status()).isEqualTo(200);
    SlackCall open = slack.lastCall("views.open").orElseThrow();
    assertThat(open.ok()).isTrue();
    assertThat(open.body().get("view").path("callback_id").asText())
        .isEqualTo(SlackIds.REQUEST_MODAL);
  }

  @Test
  @DisplayName("a request on a resource without approval channel is sent to each owner by DM")
  void approvalByDm() {
    world.submit(REQUESTER, "staging", "read", "PT1H");
    String ownerDm = slack.dmChannel(OWNER1.value());
    await().atMost(WAIT).until(() -> !slack.messages(ownerDm).isEmpty());
    AccessRequest request = world.pending(REQUESTER);
    FakeSlack.Message message = slack.messages(ownerDm).get(0);

    world.client.blockAction(
        OWNER1.value(),
        SlackIds.APPROVE,
        SlackIds.DECISION_ACTIONS_BLOCK,
        request.id().value(),
        Optional.of(new SlackClient.MessageContainer(ownerDm, message.ts())),
        Optional.empty());

    world.awaitStatus(request.id(), RequestStatus.ACTIVE);
    world.quiesce();
    JsonNode blocks = slack.message(ownerDm, message.ts()).orElseThrow().blocks();
    assertThat(blocks.toString()).doesNotContain(SlackIds.DECISION_ACTIONS_BLOCK);
    assertThat(world.refs.find(request.id())).hasSize(1);
  }

  static RequestId id(AccessRequest r) {
    return r.id();
  }
}
