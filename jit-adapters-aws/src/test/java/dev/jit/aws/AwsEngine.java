package dev.jit.aws;

import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A whole engine over the {@code aws-sso} backend and the local AWS: in-memory stores, a scheduler
 * whose timers the test delivers by moving a {@link MutableClock}, one owner who approves.
 */
final class AwsEngine implements AutoCloseable {
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
  private final EngineWorld world;
  final MutableClock clock;
  final InMemoryRequestStore store;
  final InMemoryAuditLog audit;
  final InMemoryScheduler scheduler;
  final InMemoryDirectory directory;
  final RecordingNotifier notifier;
  final dev.jit.spi.GrantBackend backend;
  final JitEngine engine;

  AwsEngine() {
    this(POLICY, world -> world.sso(world.ssoConfig()));
  }

  /**
   * The engine test kit's world over {@code policy} and the backend {@code make} builds on the
   * local AWS, with Alice and her approver.
   */
  AwsEngine(
      String policyYaml, java.util.function.Function<AwsWorld, dev.jit.spi.GrantBackend> make) {
    world =
        new EngineWorld(policyYaml)
            .person(ALICE, Map.of("email", "Alice@Example.com", "aws-iam-user", "alice"))
            .person(OWNER, Map.of("email", "owner@example.com"));
    clock = world.clock;
    store = world.store;
    audit = world.audit;
    scheduler = world.scheduler;
    directory = world.directory;
    notifier = world.notifier;
    aws.clock = clock;
    backend = make.apply(aws);
    engine = world.parts().backend(backend).build();
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
    return world.key();
  }

  /** Moves the clock and delivers every timer that is due. */
  void advance(Duration d) {
    world.advance(d, engine);
  }

  /** Moves the clock a second at a time, {@code seconds} times. */
  void seconds(int seconds) {
    for (int i = 0; i < seconds; i++) {
      advance(Duration.ofSeconds(1));
    }
  }

  AccessRequest load(RequestId id) {
    return world.load(id);
  }

  List<String> actions(RequestId id) {
    return world.actions(id);
  }

  void assertAuditIntact() {
    world.assertAuditIntact();
  }

  @Override
  public void close() {
    backend.close();
    aws.close();
  }
}
