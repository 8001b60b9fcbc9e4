package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.APPROVALS;
import static dev.jit.slack.handlers.SlackWorld.OWNER1;
import static dev.jit.slack.handlers.SlackWorld.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.slack.SlackIds;
import dev.jit.slack.SlackMetrics;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The executor work goes to after the ack is bounded: when it is full, the person is told jit is
 * busy and to try again, it is counted, and nothing is done (nor dropped in silence). Refusals are
 * counted too.
 */
class BackPressureTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** One thread, one queued task: two tasks waiting on a latch fill it. */
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));

  private final Counted metrics = new Counted();
  private final SlackWorld world = SlackWorld.with(pool, metrics);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    world.close();
  }

  @Test
  @DisplayName(
      "an approval while the executor is full is not done: the owner is told jit is busy, it is"
          + " counted, and the same click works once the executor has room")
  void busyClick() throws Exception {
    AccessRequest request = world.submitProd();
    world.quiesce();
    fill();
    world.slack.clearCalls();

    SlackClient.Response click = world.click(OWNER1, SlackIds.APPROVE, request.id());

    assertThat(click.status()).isEqualTo(200);
    SlackCall told =
        world.slack.awaitCall(
            "chat.postEphemeral",
            c -> c.param("text").orElse("").contains("jit is busy right now"),
            WAIT);
    assertThat(told.param("user")).hasValue(OWNER1.value());
    assertThat(told.param("channel")).hasValue(APPROVALS);
    assertThat(metrics.busy).containsExactly("approve");
    assertThat(world.load(request.id()).approvers()).isEmpty();

    release.countDown();
    await().atMost(WAIT).until(() -> pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
    world.click(OWNER1, SlackIds.APPROVE, request.id());
    await().atMost(WAIT).until(() -> !world.load(request.id()).approvers().isEmpty());
  }

  @Test
  @DisplayName("a deny reason submitted while the executor is full keeps the modal open, saying so")
  void busyModal() throws Exception {
    AccessRequest request = world.submitProd();
    world.quiesce();
    fill();

    SlackClient.Response submitted = world.denyReason(OWNER1, request.id(), "not now");

    assertThat(submitted.status()).isEqualTo(200);
    assertThat(submitted.json().path("response_action").asText()).isEqualTo("errors");
    assertThat(submitted.json().path("errors").path(SlackIds.DENY_REASON_BLOCK).asText())
        .contains("jit is busy right now");
    assertThat(metrics.busy).containsExactly("deny");
    assertThat(world.load(request.id()).status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  @DisplayName("a refused approval is counted with its command and the engine's reason")
  void refusalCounted() {
    AccessRequest request = world.submitProd();

    world.click(STRANGER, SlackIds.APPROVE, request.id());

    await().atMost(WAIT).until(() -> !metrics.refused.isEmpty());
    assertThat(metrics.refused).containsExactly("approve/NOT_AN_APPROVER");
    assertThat(metrics.busy).isEmpty();
  }

  /** Occupies the executor's thread and its queue until {@link #release}. */
  private void fill() {
    for (int i = 0; i < 2; i++) {
      pool.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    await().atMost(WAIT).until(() -> pool.getActiveCount() == 1 && pool.getQueue().size() == 1);
  }

  private static final class Counted implements SlackMetrics {
    final List<String> busy = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    @Override
    public void busy(String action) {
      busy.add(action);
    }

    @Override
    public void refused(String command, String reason) {
      refused.add(command + "/" + reason);
    }
  }
}
