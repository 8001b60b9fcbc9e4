package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.APPROVALS;
import static dev.jit.slack.handlers.SlackWorld.JUSTIFICATION;
import static dev.jit.slack.handlers.SlackWorld.OWNER1;
import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.memory.InMemoryMessageRefStore;
import dev.jit.slack.JitSlack;
import dev.jit.slack.JitSlackConfig;
import dev.jit.slack.RateLimitRetry;
import dev.jit.slack.SlackNotifier;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.testkit.engine.DyingOutbox;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Notifications reach Slack through the engine's outbox: a delivery Slack refuses is retried until
 * Slack takes it, and a delivery repeated after a crash shows nothing twice.
 */
class SlackOutboxTest {
  private final SlackWorld world = new SlackWorld();
  private final FakeSlack slack = world.slack;

  @AfterEach
  void close() {
    world.close();
  }

  private AccessRequest submit(JitEngine engine, String key) {
    return engine
        .handle(
            new Command.Submit(
                REQUESTER,
                new ResourceId("prod-db"),
                new RoleName("read"),
                Duration.ofHours(1),
                JUSTIFICATION,
                "",
                new IdempotencyKey(key)))
        .requireRequest();
  }

  /** Moves the engine's clock on and lets it deliver what is due. */
  private void later(Duration d) {
    world.clock.advance(d);
    world.engine.deliverNotifications();
  }

  @Test
  @DisplayName(
      "an approval message Slack answers HTTP 500 for is retried until Slack takes it, once")
  void serverErrorRetried() {
    slack.serverErrorNext("chat.postMessage", 2, 500);

    AccessRequest r = submit(world.engine, "outbox-500");
    assertThat(slack.messages(APPROVALS)).isEmpty();
    later(Duration.ofSeconds(1));
    assertThat(slack.messages(APPROVALS)).isEmpty();
    later(Duration.ofSeconds(2));

    assertThat(slack.messages(APPROVALS)).hasSize(1);
    assertThat(slack.calls("chat.postMessage"))
        .extracting(SlackCall::outcome)
        .containsExactly("internal_error", "internal_error", "ok");
    assertThat(world.refs.find(r.id())).hasSize(1);
    assertThat(world.parts.outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName(
      "an approval message update rate limited past the notifier's own retries is made by a later"
          + " round")
  void rateLimitedRetried() {
    AccessRequest r = submit(world.engine, "outbox-429");
    slack.rateLimitNext("chat.update", 4, 1);

    world.engine.handle(new Command.Cancel(r.id(), REQUESTER, new IdempotencyKey("cancel-1")));
    assertThat(world.approvalMessage().edits()).isZero();
    later(Duration.ofSeconds(1));

    assertThat(slack.calls("chat.update"))
        .extracting(SlackCall::outcome)
        .containsExactly("ratelimited", "ratelimited", "ratelimited", "ratelimited", "ok");
    assertThat(world.approvalMessage().edits()).isEqualTo(1);
    assertThat(world.parts.outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName(
      "an engine that dies after Slack took a DM and before recording it: the engine that takes"
          + " over finds the DM by its key and sends nothing again")
  void crashBetweenDeliveryAndRecord() {
    AccessRequest r = submit(world.engine, "outbox-crash");
    JitEngine dying =
        world
            .parts
            .parts()
            .backend(world.db)
            .notifier(world.notifier)
            .outbox(new DyingOutbox(world.parts.outbox))
            .build();
    String dm = slack.dmChannel(REQUESTER.value());
    assertThatThrownBy(
            () ->
                dying.handle(
                    new Command.Deny(r.id(), OWNER1, "not now", new IdempotencyKey("deny-1"))))
        .isInstanceOf(DyingOutbox.Died.class);
    assertThat(slack.messages(dm)).hasSize(1);

    later(Duration.ofSeconds(JitEngine.CLAIM_SECONDS));

    assertThat(slack.calls("conversations.history")).isNotEmpty();
    assertThat(slack.messages(dm)).hasSize(1);
    assertThat(world.parts.outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName(
      "a notifier that lost the approval message's reference adopts the message it finds by key,"
          + " and a repeated DM is not sent again")
  void redeliveryAdoptsWhatIsThere() {
    AccessRequest r = submit(world.engine, "outbox-adopt");
    Notification pending =
        new Notification(NotificationKind.PENDING, r, Set.of(OWNER1), "", "adopt/pending");
    Notification granted =
        new Notification(NotificationKind.GRANTED, r, Set.of(), "", "adopt/granted");
    InMemoryMessageRefStore freshRefs = new InMemoryMessageRefStore();
    SlackNotifier restarted =
        JitSlack.notifier(
            world.sdk,
            FakeSlack.DEFAULT_TOKEN,
            () -> world.policy,
            JitSlackConfig.builder(freshRefs, world.executor)
                .rateLimitRetry(RateLimitRetry.ofDefaults().withSleeper(d -> {}))
                .build());
    restarted.notify(pending);
    int approvals = slack.messages(APPROVALS).size();
    restarted.notify(granted);
    String dm = slack.dmChannel(REQUESTER.value());
    int dms = slack.messages(dm).size();

    InMemoryMessageRefStore lost = new InMemoryMessageRefStore();
    SlackNotifier afterCrash =
        JitSlack.notifier(
            world.sdk,
            FakeSlack.DEFAULT_TOKEN,
            () -> world.policy,
            JitSlackConfig.builder(lost, world.executor).build());
    afterCrash.redeliver(pending);
    afterCrash.redeliver(granted);

    assertThat(slack.messages(APPROVALS)).hasSize(approvals);
    assertThat(slack.messages(dm)).hasSize(dms);
    assertThat(lost.find(r.id())).isEqualTo(freshRefs.find(r.id()));
  }
}
