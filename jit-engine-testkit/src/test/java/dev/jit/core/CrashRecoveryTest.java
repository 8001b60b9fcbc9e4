package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills the engine at every point of a request's life where it touches the store, the audit log or
 * a backend, starts a new engine over the same state, lets the client retry what it was doing, and
 * checks that no access stands past expiry and that the audit chain still verifies.
 */
class CrashRecoveryTest {
  private static final Duration GRACE = Duration.ofMinutes(1);

  /**
   * The life of one request, step by step; each step is retried after a crash, as Slack would
   * redeliver it.
   */
  private static List<Consumer<World>> script() {
    return List.of(
        w -> w.id = w.engine.handle(w.submit).requireRequest().id(),
        w ->
            w.engine.handle(
                new Command.Approve(w.id, OWNER1, new dev.jit.spi.IdempotencyKey("a1"))),
        w ->
            w.engine.handle(
                new Command.Approve(w.id, OWNER2, new dev.jit.spi.IdempotencyKey("a2"))),
        w -> w.f.advance(Duration.ofMinutes(30), w.engine),
        w -> w.f.advance(Duration.ofMinutes(30), w.engine),
        w -> w.f.advance(GRACE, w.engine));
  }

  static final class World {
    final EngineWorld f = new EngineWorld();
    final Crashes crashes = new Crashes();
    final Command.Submit submit = f.submitProd();
    JitEngine engine;
    RequestId id;
    Instant started = f.clock.instant();

    World() {
      engine = crashes.engine(f);
    }

    /**
     * Runs the script; a crash kills the engine, a new one recovers, and the step is tried again.
     */
    void run() {
      for (Consumer<World> step : script()) {
        try {
          step.accept(this);
        } catch (Crashes.Crash crash) {
          restart();
          step.accept(this);
        }
        if (crashes.crashed()) {
          // The crash hit a timer the scheduler delivered: it stays due and is redelivered to the
          // new engine.
          restart();
        }
      }
    }

    void restart() {
      crashes.clear();
      engine = crashes.engine(f);
      engine.recover();
    }
  }

  static int pointsInAnUncrashedRun() {
    World w = new World();
    w.run();
    return w.crashes.ticks();
  }

  static Stream<Integer> crashPoints() {
    int points = pointsInAnUncrashedRun();
    assertThat(points).isGreaterThan(20);
    return IntStream.rangeClosed(1, points).boxed();
  }

  @ParameterizedTest(name = "crash at point {0}")
  @MethodSource("crashPoints")
  @DisplayName(
      "after a crash at any point and a restart, no access stands past expiry and the audit verifies")
  void crashAnywhere(int point) {
    World w = new World();
    w.crashes.armAt(point);
    w.run();

    assertThat(w.crashes.crashed()).isFalse();
    assertThat(w.f.clock.instant())
        .isAfterOrEqualTo(w.started.plus(Duration.ofHours(1)).plus(GRACE));
    assertThat(w.f.nothingHeld())
        .as("access left standing after a crash at point %d", point)
        .isTrue();
    List<AccessRequest> all =
        new ArrayList<>(
            w.f.store.findByStatus(
                Set.of(RequestStatus.values()), java.util.Optional.empty(), 100));
    assertThat(all).isNotEmpty().allSatisfy(r -> assertThat(r.status().isTerminal()).isTrue());
    assertThat(w.f.store.find(w.id).orElseThrow().version())
        .isEqualTo(w.f.audit.forRequest(w.id, 0).size());
    w.f.assertAuditIntact();
  }
}
