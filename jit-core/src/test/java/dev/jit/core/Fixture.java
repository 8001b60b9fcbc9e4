package dev.jit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditLog;
import dev.jit.spi.GroupId;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStore;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One engine world for tests: a policy with three backends, people, in-memory stores shared by any
 * number of engines, and a clock the test moves.
 */
final class Fixture {
  static final UserId REQUESTER = new UserId("UREQ");
  static final UserId OWNER1 = new UserId("UO1");
  static final UserId OWNER2 = new UserId("UO2");
  static final UserId OWNER3 = new UserId("UO3");
  static final UserId DEV = new UserId("UDEV");
  static final UserId ADMIN = new UserId("UADMIN");
  static final UserId STRANGER = new UserId("USTRANGER");
  static final ResourceId PROD = new ResourceId("prod-db");
  static final ResourceId STAGING = new ResourceId("staging");
  static final RoleName READ = new RoleName("read");
  static final RoleName WRITE = new RoleName("write");
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
            write:
              steps:
                - backend: okta-group
                  principal: okta-login
                  target: { groupId: 00g-payments }
                - backend: db-role
                  principal: db-user
                  target: { role: payments_write }
        staging:
          owners:
            users: [UO1]
            groups: [SDEV]
          requiredApprovals: 1
          approvalTimeout: 2h
          maxDuration: 8h
          requesters:
            users: [UREQ, UO1]
          roles:
            read:
              steps:
                - backend: db-role
                  principal: db-user
                  target: { role: staging_read }
      """;

  final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T09:00:00Z"));
  final Policy policy = PolicyLoader.parse(POLICY, "test-policy.yaml");
  final InMemoryRequestStore store = new InMemoryRequestStore();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final InMemoryScheduler scheduler = new InMemoryScheduler(clock);
  final InMemoryDirectory directory = new InMemoryDirectory();
  final InMemoryGrantBackend okta = new InMemoryGrantBackend("okta-group");
  final InMemoryGrantBackend db = new InMemoryGrantBackend("db-role");
  final InMemoryGrantBackend k8s = new InMemoryGrantBackend("k8s-rbac");
  final RecordingNotifier notifier = new RecordingNotifier();
  EngineSettings settings =
      EngineSettings.defaults()
          .withBackendRetries(3, Duration.ofMillis(1))
          .withScheduledRetries(Duration.ofSeconds(30), Duration.ofMinutes(5), 3);
  private final AtomicLong keys = new AtomicLong();

  Fixture() {
    for (UserId u : List.of(REQUESTER, OWNER1, OWNER2, OWNER3, DEV, ADMIN, STRANGER)) {
      String name = u.value().toLowerCase(java.util.Locale.ROOT);
      directory.user(
          u,
          Map.of(
              "okta-login", name + "@example.com",
              "db-user", name,
              "email", name + "@example.com"));
    }
    directory.group(new GroupId("SDEV"), Set.of(DEV));
  }

  JitEngine engine() {
    return parts(store, audit).backend(okta).backend(db).backend(k8s).build();
  }

  /** An engine whose store, audit log and backends crash when {@code crashes} says so. */
  JitEngine crashing(Crashes crashes) {
    return parts(crashes.store(store), crashes.audit(audit))
        .backend(crashes.backend(okta))
        .backend(crashes.backend(db))
        .backend(crashes.backend(k8s))
        .build();
  }

  /** Everything but the backends, wired to this fixture's parts; tests override what they need. */
  JitEngine.Builder parts(RequestStore store, AuditLog audit) {
    return JitEngine.builder()
        .policy(policy)
        .store(store)
        .auditLog(audit)
        .scheduler(scheduler)
        .owners(new PolicyOwnerResolver(policy))
        .directory(directory)
        .notifier(notifier)
        .clock(clock)
        .settings(settings);
  }

  IdempotencyKey key() {
    return new IdempotencyKey("k-" + keys.incrementAndGet());
  }

  Command.Submit submitProd() {
    return new Command.Submit(
        REQUESTER, PROD, READ, Duration.ofHours(1), JUSTIFICATION, "INC-42", key());
  }

  /**
   * The same requester asking for the write role on prod, which shares its first step with read.
   */
  Command.Submit submitProdWrite(Duration duration) {
    return new Command.Submit(REQUESTER, PROD, WRITE, duration, JUSTIFICATION, "", key());
  }

  Command.Approve approve(RequestId id, UserId approver) {
    return new Command.Approve(id, approver, key());
  }

  /** Moves the clock and delivers every timer that is due, as the scheduler's thread would. */
  void advance(Duration d, JitEngine engine) {
    clock.advance(d);
    for (int i = 0; i < 100 && deliverDue(engine) > 0; i++) {
      // timers may schedule timers that are already due (retries); deliver until quiet
    }
  }

  int deliverDue(JitEngine engine) {
    return scheduler.runDue(engine::onTimer);
  }

  AccessRequest load(RequestId id) {
    return store.find(id).orElseThrow();
  }

  List<String> actions(RequestId id) {
    return audit.forRequest(id, 0).stream().map(r -> r.entry().action()).toList();
  }

  void assertAuditIntact() {
    AuditVerifier.Result result = AuditVerifier.verify(audit);
    assertThat(result.intact()).as(result.toString()).isTrue();
  }

  boolean nothingHeld() {
    return okta.holdings().orElseThrow().isEmpty()
        && db.holdings().orElseThrow().isEmpty()
        && k8s.holdings().orElseThrow().isEmpty();
  }
}
