package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.RequestStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The ack path never waits: with the engine asking Slack about people ({@code users.info}), a rate
 * limit or a hung Slack before the ack still gets the person an answer inside Slack's 3 s, and that
 * answer is a "try again" in the modal, not silence.
 */
class AckPathTest {
  /** Slack shows an error when it has no answer after 3 s. */
  private static final Duration SLACK_BUDGET = Duration.ofSeconds(3);

  private final SlackWorld world = SlackWorld.withSlackDirectory();
  private final FakeSlack slack = world.slack;

  @AfterEach
  void close() {
    world.close();
  }

  /** The answer to {@code request}, which must come within Slack's 3 s. */
  private static SlackClient.Response inSlacksBudget(Supplier<SlackClient.Response> request) {
    long start = System.nanoTime();
    SlackClient.Response answer = request.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLACK_BUDGET);
    return answer;
  }

  @Test
  @DisplayName(
      "users.info answering 429 (Retry-After 30): the submission is answered within 3 s with a"
          + " try-again in the modal, users.info asked once, nothing slept, nothing submitted")
  void rateLimitedDirectory() {
    slack.rateLimitNext("users.info", 100, 30);

    SlackClient.Response answer =
        inSlacksBudget(() -> world.submit(REQUESTER, "prod-db", "read", "PT1H"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("response_action").asText()).isEqualTo("errors");
    assertThat(answer.json().path("errors").path(SlackIds.JUSTIFICATION_BLOCK).asText())
        .containsIgnoringCase("try again");
    assertThat(slack.calls("users.info")).hasSize(1);
    assertThat(world.waits).isEmpty();
    assertThat(world.engine.requestsOf(REQUESTER, EnumSet.allOf(RequestStatus.class), 10))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "users.info hanging for 5 s: the submission is answered within 3 s with a try-again in the"
          + " modal")
  void hungDirectory() {
    slack.delay("users.info", Duration.ofSeconds(5));

    SlackClient.Response answer =
        inSlacksBudget(() -> world.submit(REQUESTER, "prod-db", "read", "PT1H"));

    assertThat(answer.json().path("response_action").asText()).isEqualTo("errors");
    assertThat(answer.json().path("errors").path(SlackIds.JUSTIFICATION_BLOCK).asText())
        .containsIgnoringCase("try again");
  }

  @Test
  @DisplayName(
      "views.open hanging for 5 s: /jit is answered within 3 s, saying the form could not be"
          + " opened and to try again")
  void hungViewsOpen() {
    slack.delay("views.open", Duration.ofSeconds(5));

    SlackClient.Response answer =
        inSlacksBudget(() -> world.client.slashCommand("/jit", "", "UREQ", "D0REQ"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .contains("Could not open the request form")
        .contains("did not answer in time")
        .contains("Try again");
  }

  @Test
  @DisplayName("with Slack answering, the same world submits (the directory is really asked)")
  void answeringDirectory() {
    SlackClient.Response answer = world.submit(REQUESTER, "prod-db", "read", "PT1H");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).doesNotContain("errors");
    assertThat(world.pending(REQUESTER).status()).isEqualTo(RequestStatus.PENDING);
    assertThat(slack.calls("users.info")).isNotEmpty();
  }
}
