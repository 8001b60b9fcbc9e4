package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.Notification;
import dev.jit.spi.Notifier;
import dev.jit.spi.RequestId;
import dev.jit.testkit.engine.DyingOutbox;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Notifications go through the outbox: delivered at least once, in order per request, by whichever
 * engine is alive, also when the notifier fails for a while or an engine dies at the worst moment.
 */
class NotificationDeliveryTest {
  private final EngineWorld world = new EngineWorld();

  /** Records every delivery, and fails the first {@code failures} of them. */
  static final class Flaky implements Notifier {
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<String> redelivered = new CopyOnWriteArrayList<>();
    final List<Instant> tries = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    private final EngineWorld world;

    Flaky(EngineWorld world) {
      this.world = world;
    }

    @Override
    public void notify(Notification n) {
      attempt(n, delivered);
    }

    @Override
    public void redeliver(Notification n) {
      attempt(n, redelivered);
    }

    private void attempt(Notification n, List<String> into) {
      tries.add(world.clock.instant());
      if (failures.getAndUpdate(f -> Math.max(f - 1, 0)) > 0) {
        throw new IllegalStateException("Slack answered 500");
      }
      into.add(n.kind() + " v" + n.request().version());
    }
  }

  private final Flaky flaky = new Flaky(world);

  private JitEngine engine() {
    return world
        .parts()
        .notifier(flaky)
        .backend(world.okta)
        .backend(world.db)
        .backend(world.k8s)
        .build();
  }

  /** Moves the clock by {@code step} and lets {@code engine} deliver, {@code times} times. */
  private void deliverEvery(Duration step, int times, JitEngine engine) {
    for (int i = 0; i < times; i++) {
      world.clock.advance(step);
      engine.deliverNotifications();
    }
  }

  @Test
  @DisplayName("a notification whose delivery fails is retried with backoff until it is accepted")
  void retriedUntilAccepted() {
    JitEngine engine = engine();
    flaky.failures.set(3);
    Instant start = world.clock.instant();

    engine.handle(world.submitProd());
    assertThat(flaky.delivered).isEmpty();
    assertThat(world.outbox.waiting(10)).hasSize(1);

    deliverEvery(Duration.ofMillis(500), 30, engine);

    assertThat(flaky.delivered).isEmpty();
    assertThat(flaky.redelivered).containsExactly("PENDING v1");
    assertThat(flaky.tries)
        .containsExactly(start, start.plusSeconds(1), start.plusSeconds(3), start.plusSeconds(7));
    assertThat(world.outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName(
      "a new notification of a request first retries the held-back one: people hear both in order")
  void inOrderPerRequest() {
    JitEngine engine = engine();
    flaky.failures.set(1);
    RequestId id = engine.handle(world.submitProd()).requireRequest().id();

    engine.handle(world.approve(id, OWNER1));

    assertThat(flaky.redelivered).containsExactly("PENDING v1");
    assertThat(flaky.delivered).containsExactly("APPROVAL_RECORDED v2");
    assertThat(world.outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName(
      "an engine that dies right after the commit loses no notification: another delivers it")
  void deathAfterCommit() {
    JitEngine dying =
        world
            .parts()
            .notifier(flaky)
            .backend(world.db)
            .backend(world.okta)
            .backend(world.k8s)
            .deliveryExecutor(task -> {}) // dies before its delivery thread runs
            .build();
    dying.handle(world.submitProd());
    assertThat(flaky.tries).isEmpty();

    engine().deliverNotifications();

    assertThat(flaky.delivered).containsExactly("PENDING v1");
  }

  @Test
  @DisplayName(
      "an engine that dies between delivering and recording it: another redelivers once its claim ends")
  void deathAfterDelivery() {
    JitEngine dying =
        world
            .parts()
            .notifier(flaky)
            .outbox(new DyingOutbox(world.outbox))
            .backend(world.db)
            .backend(world.okta)
            .backend(world.k8s)
            .build();
    assertThatThrownBy(() -> dying.handle(world.submitProd())).isInstanceOf(DyingOutbox.Died.class);
    assertThat(flaky.delivered).containsExactly("PENDING v1");
    JitEngine survivor = engine();

    world.clock.advance(Duration.ofSeconds(JitEngine.CLAIM_SECONDS).minusMillis(1));
    survivor.deliverNotifications();
    assertThat(flaky.redelivered).isEmpty();
    world.clock.advance(Duration.ofMillis(1));
    survivor.deliverNotifications();

    assertThat(flaky.delivered).containsExactly("PENDING v1");
    assertThat(flaky.redelivered).containsExactly("PENDING v1");
    assertThat(world.outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName(
      "every notification of a request's life is delivered once, the last about its final state")
  void wholeLife() {
    JitEngine engine = engine();
    RequestId id = engine.handle(world.submitProd()).requireRequest().id();
    engine.handle(world.approve(id, OWNER1));
    engine.handle(world.approve(id, EngineWorld.OWNER2));
    world.advance(Duration.ofHours(2), engine);

    assertThat(flaky.delivered)
        .extracting(s -> s.substring(0, s.indexOf(' ')))
        .containsExactly(
            "PENDING", "APPROVAL_RECORDED", "APPROVED", "GRANTED", "EXPIRING_SOON", "EXPIRED");
    assertThat(flaky.delivered.get(flaky.delivered.size() - 1))
        .endsWith("v" + world.load(id).version());
    assertThat(world.outbox.waiting(10)).isEmpty();
  }
}
