package dev.jit.benchmarks;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.spi.AuditLog;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.Scheduler;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One engine over the in-memory SPI implementations, a {@link MutableClock}, three {@link
 * HoldingBackend}s and a directory of {@code users} requesters (plus three owners and an admin), as
 * in jit-core's test fixture. Not thread-safe itself; the engine it builds is.
 */
final class BenchWorld {
  static final Instant START = Instant.parse("2026-11-25T09:00:00Z");
  static final UserId OWNER1 = new UserId("UO1");
  static final UserId OWNER2 = new UserId("UO2");
  static final UserId OWNER3 = new UserId("UO3");
  static final UserId ADMIN = new UserId("UADMIN");
  static final ResourceId PROD = new ResourceId("prod-db");
  static final RoleName READ = new RoleName("read");
  static final Duration ONE_HOUR = Duration.ofHours(1);
  static final String JUSTIFICATION = "Investigating incident INC-42 in payments";

  static final String POLICY =
      """
      admins: [UADMIN]
      resources:
        prod-db:
          description: Production payments database
          owners:
            users: [UO1, UO2, UO3]
          requiredApprovals: 2
          approvalTimeout: 30m
          maxDuration: 4h
          durations: [15m, 1h, 4h]
          requesters:
            everyone: true
          roles:
            read:
              steps:
                - backend: okta-group
                  principal: okta-login
                  target: { groupId: 00g-payments }
                - backend: db-role
                  principal: db-user
                  target: { role: payments_read }
                - backend: k8s-rbac
                  principal: email
                  target: { namespace: payments, clusterRole: view }
      """;

  final MutableClock clock = MutableClock.at(START);
  final Policy policy = PolicyLoader.parse(POLICY, "benchmark-policy.yaml");
  final InMemoryRequestStore store = new InMemoryRequestStore();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final InMemoryScheduler scheduler = new InMemoryScheduler(clock);
  final InMemoryDirectory directory = new InMemoryDirectory();
  final HoldingBackend okta = new HoldingBackend("okta-group");
  final HoldingBackend db = new HoldingBackend("db-role");
  final HoldingBackend k8s = new HoldingBackend("k8s-rbac");
  final CountingNotifier notifier = new CountingNotifier();
  final UserId[] users;
  private long keys;

  BenchWorld(int users) {
    this.users = new UserId[users];
    for (int i = 0; i < users; i++) {
      this.users[i] = new UserId(String.format("U%07d", i));
      person(this.users[i]);
    }
    for (UserId u : List.of(OWNER1, OWNER2, OWNER3, ADMIN)) {
      person(u);
    }
  }

  private void person(UserId u) {
    String name = u.value().toLowerCase(java.util.Locale.ROOT);
    directory.user(
        u,
        Map.of(
            "okta-login", name + "@example.com",
            "db-user", name,
            "email", name + "@example.com"));
  }

  JitEngine engine() {
    return engine(store, audit, scheduler);
  }

  /** An engine over wrappers of this world's store, audit log and scheduler (timing, say). */
  JitEngine engine(RequestStore store, AuditLog audit, Scheduler scheduler) {
    return JitEngine.builder()
        .policy(policy)
        .store(store)
        .auditLog(audit)
        .scheduler(scheduler)
        .owners(new PolicyOwnerResolver(policy))
        .directory(directory)
        .backend(okta)
        .backend(db)
        .backend(k8s)
        .notifier(notifier)
        .clock(clock)
        .settings(EngineSettings.defaults().withBackendRetries(1, Duration.ofMillis(1)))
        .build();
  }

  /** A fresh, never used idempotency key. */
  IdempotencyKey key() {
    return new IdempotencyKey("k-" + ++keys);
  }

  Command.Submit submit(UserId requester) {
    return new Command.Submit(requester, PROD, READ, ONE_HOUR, JUSTIFICATION, "INC-42", key());
  }

  Command.Approve approve(RequestId id, UserId approver) {
    return new Command.Approve(id, approver, key());
  }

  Command.Revoke revoke(RequestId id, UserId actor) {
    return new Command.Revoke(id, actor, key());
  }

  /**
   * Submits for {@code requester} and approves twice, which grants the three steps on this thread.
   *
   * @throws IllegalStateException unless the request ends up ACTIVE
   */
  RequestId grant(JitEngine engine, UserId requester) {
    Outcome submitted = engine.handle(submit(requester));
    if (!submitted.accepted()) {
      throw new IllegalStateException("submission refused: " + submitted);
    }
    RequestId id = submitted.requireRequest().id();
    engine.handle(approve(id, OWNER1));
    Outcome quorum = engine.handle(approve(id, OWNER2));
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
