package dev.jit.okta;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A jit engine with in-memory parts whose one backend is an {@code okta-group} instance over the
 * world's fake Okta: one resource, one role, one step (membership of the first managed group).
 */
final class OktaEngine {
  static final UserId REQUESTER = new UserId("UALICE");
  static final UserId OWNER = new UserId("UOWNER");

  final OktaWorld world;
  final OktaGroupBackend backend;
  final InMemoryRequestStore store = new InMemoryRequestStore();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final InMemoryScheduler scheduler;
  final InMemoryDirectory directory = new InMemoryDirectory();
  final RecordingNotifier notifier = new RecordingNotifier();
  final JitEngine engine;
  private final AtomicLong keys = new AtomicLong();

  OktaEngine(OktaWorld world, OktaGroupBackend backend, String requesterLogin) {
    this.world = world;
    this.backend = backend;
    this.scheduler = new InMemoryScheduler(world.clock);
    directory.user(REQUESTER, Map.of("okta-login", requesterLogin));
    directory.user(OWNER, Map.of("okta-login", "owner@example.com"));
    Policy policy =
        PolicyLoader.parse(
            """
            admins: [UOWNER]
            resources:
              payments:
                description: Payments console
                owners:
                  users: [UOWNER]
                requiredApprovals: 1
                approvalTimeout: 30m
                maxDuration: 4h
                requesters:
                  everyone: true
                roles:
                  operator:
                    steps:
                      - backend: okta-prod
                        principal: okta-login
                        target: { groupId: %s }
            """
                .formatted(world.managed.get(0)),
            "okta-policy.yaml");
    this.engine =
        JitEngine.builder()
            .policy(policy)
            .store(store)
            .auditLog(audit)
            .scheduler(scheduler)
            .owners(new PolicyOwnerResolver(policy))
            .directory(directory)
            .notifier(notifier)
            .clock(world.clock)
            .settings(
                EngineSettings.defaults()
                    .withBackendRetries(2, Duration.ofMillis(1))
                    .withScheduledRetries(Duration.ofSeconds(30), Duration.ofMinutes(5), 5)
                    .withPolling(30, Duration.ofSeconds(1)))
            .backend(backend)
            .build();
  }

  /** Submits and approves a one-hour request; answers its id. */
  RequestId approved() {
    RequestId id =
        engine
            .handle(
                new Command.Submit(
                    REQUESTER,
                    new ResourceId("payments"),
                    new RoleName("operator"),
                    Duration.ofHours(1),
                    "Investigating incident INC-7 in payments",
                    "INC-7",
                    key()))
            .requireRequest()
            .id();
    engine.handle(new Command.Approve(id, OWNER, key()));
    return id;
  }

  /** Moves the clock and delivers every due timer, as the scheduler's thread would. */
  void advance(Duration d) {
    world.clock.advance(d);
    for (int i = 0; i < 100 && scheduler.runDue(engine::onTimer) > 0; i++) {
      // retries may schedule timers that are already due
    }
  }

  AccessRequest load(RequestId id) {
    return store.find(id).orElseThrow();
  }

  private IdempotencyKey key() {
    return new IdempotencyKey("k-" + keys.incrementAndGet());
  }
}
