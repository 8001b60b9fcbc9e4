package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.OWNER1;
import static dev.jit.slack.handlers.SlackWorld.OWNER2;
import static dev.jit.slack.handlers.SlackWorld.OWNER3;
import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.core.Command;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Extensions and break-glass reviews over signed HTTP against FakeSlack: Extend… from the "ends
 * soon" DM, the owners' Approve, and Justified / Not justified on the review message.
 */
class AmendmentFlowTest {
  private final SlackWorld world = new SlackWorld();
  private final FakeSlack slack = world.slack;

  @AfterEach
  void close() {
    world.close();
  }

  private AccessRequest active() {
    AccessRequest r = world.submitProd();
    world.click(OWNER1, SlackIds.APPROVE, r.id());
    world.click(OWNER2, SlackIds.APPROVE, r.id());
    world.awaitStatus(r.id(), RequestStatus.ACTIVE);
    return world.load(r.id());
  }

  private SlackClient.Response clickIn(
      String channel, String userId, String actionId, RequestId id) {
    FakeSlack.Message m =
        slack.messages(channel).stream()
            .filter(x -> x.buttonValue(actionId).isPresent())
            .reduce((a, b) -> b)
            .orElseThrow();
    return world.client.blockAction(
        userId,
        actionId,
        "",
        id.value(),
        Optional.of(new SlackClient.MessageContainer(m.channel(), m.ts())),
        Optional.empty());
  }

  private void awaitButton(String channel, String actionId) {
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                slack.messages(channel).stream()
                    .anyMatch(m -> m.buttonValue(actionId).isPresent()));
  }

  @Test
  @DisplayName(
      "Extend… in the 'ends soon' DM → modal → owners asked → Approve → later expiry, DM to the holder")
  void extendFromTheEndsSoonDm() {
    AccessRequest r = active();
    Instant before = r.expiresAt().orElseThrow();
    world.parts.advance(Duration.ofMinutes(50), world.engine);
    String dm = slack.dmChannel(REQUESTER.value());
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                slack.messages(dm).stream()
                    .anyMatch(m -> m.buttonValue(SlackIds.EXTEND).isPresent()));

    clickIn(dm, REQUESTER.value(), SlackIds.EXTEND, r.id());
    SlackCall open = slack.lastCall("views.open").orElseThrow();
    assertThat(open.body().get("view").path("callback_id").asText())
        .isEqualTo(SlackIds.EXTEND_MODAL);
    assertThat(open.body().get("view").toString()).contains("PT15M", "PT1H").doesNotContain("PT4H");
    world.client.viewSubmission(
        REQUESTER.value(),
        SlackIds.EXTEND_MODAL,
        r.id().value(),
        Map.of(
            SlackIds.EXTEND_BLOCK,
            Map.of(SlackIds.EXTEND_SELECT, SlackClient.staticSelect("PT1H"))));
    await().atMost(5, TimeUnit.SECONDS).until(() -> world.load(r.id()).extension().isPresent());

    String owner = slack.dmChannel(OWNER3.value());
    awaitButton(owner, SlackIds.APPROVE_EXTENSION);
    clickIn(owner, OWNER3.value(), SlackIds.APPROVE_EXTENSION, r.id());

    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                world
                    .load(r.id())
                    .expiresAt()
                    .orElseThrow()
                    .equals(before.plus(Duration.ofHours(1))));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                slack.messages(dm).stream().anyMatch(m -> m.text().startsWith("Access extended")));
  }

  @Test
  @DisplayName(
      "break-glass is announced in the security channel; Not justified → comment modal → review recorded")
  void reviewFromTheSecurityChannel() {
    AccessRequest r =
        world
            .engine
            .handle(
                new Command.InvokeBreakGlass(
                    REQUESTER,
                    new ResourceId("staging"),
                    new RoleName("read"),
                    Duration.ofMinutes(30),
                    "INC-9: staging database locked up",
                    "",
                    new IdempotencyKey("bg-1")))
            .requireRequest();
    assertThat(r.status()).isEqualTo(RequestStatus.ACTIVE);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                slack.messages("C0SECURITY").stream()
                    .anyMatch(
                        m -> m.blocks().toString().contains("INC-9: staging database locked up")));
    String owner = slack.dmChannel(OWNER1.value());
    awaitButton(owner, SlackIds.REVIEW_NOT_JUSTIFIED);

    clickIn(owner, OWNER1.value(), SlackIds.REVIEW_NOT_JUSTIFIED, r.id());
    SlackCall open = slack.lastCall("views.open").orElseThrow();
    assertThat(open.body().get("view").path("callback_id").asText())
        .isEqualTo(SlackIds.REVIEW_MODAL);
    String meta = open.body().get("view").path("private_metadata").asText();
    assertThat(meta).isEqualTo("NOT_JUSTIFIED:" + r.id().value());
    SlackClient.Response empty =
        world.client.viewSubmission(
            OWNER1.value(),
            SlackIds.REVIEW_MODAL,
            meta,
            Map.of(
                SlackIds.REVIEW_COMMENT_BLOCK,
                Map.of(SlackIds.REVIEW_COMMENT_INPUT, SlackClient.plainTextInput("  "))));
    assertThat(empty.json().path("response_action").asText()).isEqualTo("errors");
    world.client.viewSubmission(
        OWNER1.value(),
        SlackIds.REVIEW_MODAL,
        meta,
        Map.of(
            SlackIds.REVIEW_COMMENT_BLOCK,
            Map.of(SlackIds.REVIEW_COMMENT_INPUT, SlackClient.plainTextInput("No INC-9 exists"))));

    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> world.load(r.id()).breakGlass().flatMap(BreakGlass::review).isPresent());
    BreakGlass.Review review = world.load(r.id()).breakGlass().orElseThrow().review().orElseThrow();
    assertThat(review.verdict()).isEqualTo(BreakGlass.Verdict.NOT_JUSTIFIED);
    assertThat(review.comment()).isEqualTo("No INC-9 exists");
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                slack.messages(slack.dmChannel("UO3")).stream()
                    .anyMatch(m -> m.text().contains("not justified")));
  }

  @Test
  @DisplayName(
      "Break glass → a modal offering only the roles one may use → incident → granted at once, announced")
  void breakGlassFromTheModal() {
    world.client.blockAction(
        REQUESTER.value(),
        SlackIds.OPEN_BREAK_GLASS_MODAL,
        SlackIds.HOME_ACTIONS_BLOCK,
        "",
        Optional.empty(),
        Optional.empty());
    SlackCall open = slack.lastCall("views.open").orElseThrow();
    assertThat(open.body().get("view").path("callback_id").asText())
        .isEqualTo(SlackIds.BREAK_GLASS_MODAL);
    assertThat(open.body().get("view").toString())
        .contains("staging/read")
        .doesNotContain("prod-db/");

    world.client.viewSubmission(
        REQUESTER.value(),
        SlackIds.BREAK_GLASS_MODAL,
        "",
        Map.of(
            SlackIds.BREAK_GLASS_ROLE_BLOCK,
            Map.of(SlackIds.BREAK_GLASS_ROLE_SELECT, SlackClient.staticSelect("staging/read")),
            SlackIds.BREAK_GLASS_DURATION_BLOCK,
            Map.of(SlackIds.BREAK_GLASS_DURATION_SELECT, SlackClient.staticSelect("PT30M")),
            SlackIds.BREAK_GLASS_INCIDENT_BLOCK,
            Map.of(
                SlackIds.BREAK_GLASS_INCIDENT_INPUT,
                SlackClient.plainTextInput("INC-10: staging writes stuck"))));

    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                slack.messages("C0SECURITY").stream()
                    .anyMatch(m -> m.blocks().toString().contains("INC-10: staging writes stuck")));
    // The announcement goes out when the break-glass is approved, before its grant completes.
    AccessRequest r =
        await()
            .atMost(5, TimeUnit.SECONDS)
            .until(
                () ->
                    world.engine.requestsOf(
                        REQUESTER, java.util.EnumSet.of(RequestStatus.ACTIVE), 1),
                active -> !active.isEmpty())
            .get(0);
    assertThat(r.isBreakGlass()).isTrue();
    assertThat(r.duration()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("someone no break-glass policy names gets no modal, and a DM saying why")
  void breakGlassRefusedToStrangers() {
    slack.clearCalls();
    world.client.blockAction(
        OWNER1.value(),
        SlackIds.OPEN_BREAK_GLASS_MODAL,
        SlackIds.HOME_ACTIONS_BLOCK,
        "",
        Optional.empty(),
        Optional.empty());
    world.quiesce();
    assertThat(slack.calls("views.open")).isEmpty();
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                slack.messages(slack.dmChannel(OWNER1.value())).stream()
                    .anyMatch(m -> m.text().contains("may not use break-glass")));
  }
}
