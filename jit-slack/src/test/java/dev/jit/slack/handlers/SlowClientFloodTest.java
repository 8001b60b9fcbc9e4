package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.http.testkit.SlowClients;
import dev.jit.slack.testkit.SlackClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The attack of the security review: slow, unauthenticated uploads to the Slack endpoint, more of
 * them than the server has threads, while Slack's correctly signed requests keep coming. Slack
 * gives up on an ack after 3 s, so each signed request must be answered within that (a functional
 * bound, not a performance figure). The flood stops by itself; loopback only.
 */
class SlowClientFloodTest {
  /** More slow uploads than the server's 16 threads. */
  private static final int FLOOD = 24;

  private static final Duration SLACK_GIVES_UP = Duration.ofSeconds(3);

  private final SlackWorld world = new SlackWorld();

  @AfterEach
  void close() {
    world.close();
  }

  @Test
  @DisplayName("24 slow unauthenticated uploads do not keep signed slash commands from their ack")
  void signedRequestsAckedDuringFlood() throws Exception {
    List<Duration> quiet = fiveAcks();
    List<Duration> acks;
    try (SlowClients flood =
        SlowClients.start(
            world.endpoint.orElseThrow(), FLOOD, Duration.ofMillis(200), Duration.ofSeconds(8))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> flood.connected() == FLOOD);
      acks = fiveAcks();
      assertThat(flood.awaitEnd(Duration.ofSeconds(30))).isTrue();
      // the server cut every slow upload off (408) before it would have given up by itself
      assertThat(flood.endings())
          .allSatisfy(
              e -> assertThat(e).hasValueSatisfying(end -> assertThat(end.cutOff()).isTrue()));
    }
    System.out.println(
        "signed acks without a flood: " + quiet + "; during a flood of " + FLOOD + ": " + acks);
    assertThat(acks).allSatisfy(took -> assertThat(took).isLessThan(SLACK_GIVES_UP));
  }

  private List<Duration> fiveAcks() {
    List<Duration> acks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      SlackClient.Response r = world.client.slashCommand("/jit", "", REQUESTER.value(), "D0REQ");
      acks.add(Duration.ofNanos(System.nanoTime() - start));
      assertThat(r.status()).isEqualTo(200);
    }
    return acks;
  }
}
