package dev.jit.benchmarks;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.spi.AuditLog;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.Scheduler;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine test kit's {@link EngineWorld} (its policy, in-memory parts and clock) with {@code
 * users} requesters, three {@link HoldingBackend}s instead of recording ones (no call log to grow
 * over a long run) and a notifier that only counts. Not thread-safe itself; the engine it builds
 * is.
 */
final class BenchWorld {
  static final Instant START = Instant.parse("2026-11-25T09:00:00Z");
  static final UserId OWNER1 = EngineWorld.OWNER1;
  static final UserId OWNER2 = EngineWorld.OWNER2;
  static final Duration ONE_HOUR = Duration.ofHours(1);

  private final EngineWorld base = new EngineWorld();
  final MutableClock clock = base.clock;
  final InMemoryRequestStore store = base.store;
  final InMemoryAuditLog audit = base.audit;
  final InMemoryScheduler scheduler = base.scheduler;
  final HoldingBackend okta = new HoldingBackend("okta-group");
  final HoldingBackend db = new HoldingBackend("db-role");
  final HoldingBackend k8s = new HoldingBackend("k8s-rbac");
  final CountingNotifier notifier = new CountingNotifier();
  final UserId[] users;

  BenchWorld(int users) {
    clock.set(START);
    this.users = new UserId[users];
    for (int i = 0; i < users; i++) {
      this.users[i] = new UserId(String.format("U%07d", i));
      base.person(this.users[i]);
    }
  }

  JitEngine engine() {
    return engine(store, audit, scheduler);
  }

  /** An engine over wrappers of this world's store, audit log and scheduler (timing, say). */
  JitEngine engine(RequestStore store, AuditLog audit, Scheduler scheduler) {
    return base.parts(store, audit)
        .scheduler(scheduler)
        .backend(okta)
        .backend(db)
        .backend(k8s)
        .notifier(notifier)
        .settings(EngineSettings.defaults().withBackendRetries(1, Duration.ofMillis(1)))
        .build();
  }

  Command.Revoke revoke(RequestId id, UserId actor) {
    return new Command.Revoke(id, actor, base.key());
  }

  /**
   * Submits for {@code requester} and approves twice, which grants the three steps on this thread.
   *
   * @throws IllegalStateException unless the request ends up ACTIVE
   */
  RequestId grant(JitEngine engine, UserId requester) {
    Outcome submitted =
        engine.handle(
            new Command.Submit(
                requester,
                EngineWorld.PROD,
                EngineWorld.READ,
                ONE_HOUR,
                EngineWorld.JUSTIFICATION,
                "INC-42",
                base.key()));
    if (!submitted.accepted()) {
      throw new IllegalStateException("submission refused: " + submitted);
    }
    RequestId id = submitted.requireRequest().id();
    engine.handle(base.approve(id, OWNER1));
    Outcome quorum = engine.handle(base.approve(id, OWNER2));
    if (quorum.requireRequest().status() != RequestStatus.ACTIVE) {
      throw new IllegalStateException("not granted: " + quorum);
    }
    return id;
  }

  /** Steps held by the three backends together. */
  int held() {
    return okta.size() + db.size() + k8s.size();
  }
}
