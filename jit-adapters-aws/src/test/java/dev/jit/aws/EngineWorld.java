package dev.jit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.audit.AuditVerifier;
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
import dev.jit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole engine over the {@code aws-sso} backend and the local AWS: in-memory stores, a scheduler
 * whose timers the test delivers by moving a {@link MutableClock}, one owner who approves.
 */
final class EngineWorld implements AutoCloseable {
  static final UserId ALICE = new UserId("UALICE");
  static final UserId OWNER = new UserId("UOWNER");
  static final ResourceId PROD = new ResourceId("aws-prod-account");
  static final RoleName READ = new RoleName("read");
  static final RoleName OPS = new RoleName("ops");

  /** One resource owned by UOWNER, one approval, with these roles (YAML indented 6 spaces). */
  static String policy(String roles) {
    return """
        admins: [UOWNER]
        resources:
          aws-prod-account:
            owners:
              users: [UOWNER]
            requiredApprovals: 1
            approvalTimeout: 30m
            maxDuration: 4h
            requesters:
              everyone: true
            roles:
        """
        + roles;
  }

  static final String POLICY =
      policy(
          """
                read:
                  steps:
                    - backend: aws-prod
                      principal: email
                      target: { accountId: "123456789012", permissionSet: ReadOnly }
                ops:
                  steps:
                    - backend: aws-prod
                      principal: email
                      target: { accountId: "123456789012", permissionSet: ReadOnly }
                    - backend: aws-prod
                      principal: email
                      target: { accountId: "210987654321", permissionSet: Admin }
          """);

  final AwsWorld aws = new AwsWorld();
  final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T09:00:00Z"));
  final InMemoryRequestStore store = new InMemoryRequestStore();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final InMemoryScheduler scheduler = new InMemoryScheduler(clock);
  final InMemoryDirectory directory = new InMemoryDirectory();
  final RecordingNotifier notifier = new RecordingNotifier();
  final dev.jit.spi.GrantBackend backend;
  final JitEngine engine;
  private final AtomicLong keys = new AtomicLong();

  EngineWorld() {
    this(POLICY, world -> world.sso(world.ssoConfig()));
  }

  /** An engine over {@code policy} and the backend {@code backend} makes on the local AWS. */
  EngineWorld(
      String policyYaml, java.util.function.Function<AwsWorld, dev.jit.spi.GrantBackend> make) {
    aws.clock = clock;
    directory.user(ALICE, Map.of("email", "Alice@Example.com", "aws-iam-user", "alice"));
    directory.user(OWNER, Map.of("email", "owner@example.com"));
    backend = make.apply(aws);
    Policy policy = PolicyLoader.parse(policyYaml, "aws-policy.yaml");
    engine =
        JitEngine.builder()
            .policy(policy)
            .store(store)
            .auditLog(audit)
            .scheduler(scheduler)
            .owners(new PolicyOwnerResolver(policy))
            .directory(directory)
            .notifier(notifier)
            .clock(clock)
            .settings(
                EngineSettings.defaults()
                    .withBackendRetries(3, Duration.ofMillis(1))
                    .withScheduledRetries(Duration.ofSeconds(30), Duration.ofMinutes(5), 3))
            .backend(backend)
            .build();
  }

  /** Submits a request of Alice's and approves it: it is granting (or done) afterwards. */
  RequestId approved(RoleName role, Duration duration) {
    RequestId id =
        engine
            .handle(
                new Command.Submit(
                    ALICE,
                    PROD,
                    role,
                    duration,
                    "Investigating incident INC-42 in payments",
                    "INC-42",
                    key()))
            .requireRequest()
            .id();
    engine.handle(new Command.Approve(id, OWNER, key()));
    return id;
  }

  IdempotencyKey key() {
    return new IdempotencyKey("k-" + keys.incrementAndGet());
  }

  /** Moves the clock and delivers every timer that is due. */
  void advance(Duration d) {
    clock.advance(d);
    for (int i = 0; i < 100 && scheduler.runDue(engine::onTimer) > 0; i++) {
      // timers may schedule timers that are already due; deliver until quiet
    }
  }

  /** Moves the clock a second at a time, {@code seconds} times. */
  void seconds(int seconds) {
    for (int i = 0; i < seconds; i++) {
      advance(Duration.ofSeconds(1));
    }
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

  @Override
  public void close() {
    backend.close();
    aws.close();
  }
}
