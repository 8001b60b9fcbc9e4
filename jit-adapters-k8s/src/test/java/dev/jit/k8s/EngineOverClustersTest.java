package dev.jit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.ReconciliationReport;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * jit's engine, with in-memory store, audit log and scheduler, granting through two k8s-rbac
 * backends on two fake clusters: {@code k8s-prod} (payments) and {@code k8s-staging} (web).
 */
class EngineOverClustersTest {
  private static final UserId ALICE = new UserId("UALICE");
  private static final UserId OWNER1 = new UserId("UOWNER1");
  private static final UserId OWNER2 = new UserId("UOWNER2");
  private static final String POLICY =
      """
      resources:
        payments-prod:
          owners: { users: [UOWNER1, UOWNER2] }
          requiredApprovals: 2
          approvalTimeout: 30m
          maxDuration: 4h
          requesters: { everyone: true }
          roles:
            edit:
              steps:
                - backend: k8s-prod
                  principal: email
                  target: { namespace: payments, clusterRole: edit }
            edit-and-deploy:
              steps:
                - backend: k8s-prod
                  principal: email
                  target: { namespace: payments, clusterRole: edit }
                - backend: k8s-prod
                  principal: email
                  target: { namespace: web, role: deployer }
        web-staging:
          owners: { users: [UOWNER1] }
          requiredApprovals: 1
          approvalTimeout: 30m
          maxDuration: 8h
          requesters: { everyone: true }
          roles:
            view:
              steps:
                - backend: k8s-staging
                  principal: email
                  target: { namespace: web, clusterRole: view }
      """;

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-03T09:00:00Z"));
  private final Cluster prod = new Cluster();
  private final Cluster staging = new Cluster();
  private final KubernetesRbacBackend prodBackend = prod.backend("k8s-prod", clock);
  private final KubernetesRbacBackend stagingBackend = staging.backend("k8s-staging", clock);
  private final InMemoryRequestStore store = new InMemoryRequestStore();
  private final InMemoryScheduler scheduler = new InMemoryScheduler(clock);
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final AtomicInteger keys = new AtomicInteger();
  private final JitEngine engine;

  EngineOverClustersTest() {
    Policy policy = PolicyLoader.parse(POLICY, "policy.yaml");
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .user(ALICE, Map.of("email", "alice@example.com"))
            .user(OWNER1, Map.of("email", "owner1@example.com"))
            .user(OWNER2, Map.of("email", "owner2@example.com"));
    engine =
        JitEngine.builder()
            .policy(policy)
            .store(store)
            .auditLog(new InMemoryAuditLog())
            .scheduler(scheduler)
            .owners(new PolicyOwnerResolver(policy))
            .directory(directory)
            .backend(prodBackend)
            .backend(stagingBackend)
            .notifier(notifier)
            .clock(clock)
            .settings(EngineSettings.defaults().withBackendRetries(2, Duration.ofMillis(1)))
            .build();
  }

  @AfterEach
  void stop() {
    prodBackend.close();
    stagingBackend.close();
    prod.close();
    staging.close();
  }

  private IdempotencyKey key() {
    return new IdempotencyKey("k-" + keys.incrementAndGet());
  }

  private RequestId submit(String resource, String role, Duration duration) {
    return engine
        .handle(
            new Command.Submit(
                ALICE,
                new ResourceId(resource),
                new RoleName(role),
                duration,
                "Rolling back the failed payments deploy, INC-77",
                "INC-77",
                key()))
        .requireRequest()
        .id();
  }

  private RequestStatus status(RequestId id) {
    return store.find(id).orElseThrow().status();
  }

  /** Moves the clock and delivers every due timer, as the scheduler's thread would. */
  private void advance(Duration d) {
    clock.advance(d);
    for (int i = 0; i < 50 && scheduler.runDue(engine::onTimer) > 0; i++) {
      // timers may schedule timers that are already due
    }
  }

  private static List<String> subjects(List<RoleBinding> bindings) {
    return bindings.stream().map(b -> b.getSubjects().get(0).getName()).toList();
  }

  @Test
  @DisplayName("submit, quorum, grant, expiry, revoke: the binding exists exactly while active")
  void fullFlow() {
    RequestId id = submit("payments-prod", "edit", Duration.ofMinutes(30));
    engine.handle(new Command.Approve(id, OWNER1, key()));
    assertThat(status(id)).isEqualTo(RequestStatus.PENDING);
    assertThat(prod.bindings("payments")).isEmpty();

    engine.handle(new Command.Approve(id, OWNER2, key()));

    assertThat(status(id)).isEqualTo(RequestStatus.ACTIVE);
    assertThat(prod.bindings("payments"))
        .singleElement()
        .satisfies(
            rb -> {
              assertThat(rb.getSubjects().get(0).getName()).isEqualTo("alice@example.com");
              assertThat(rb.getRoleRef().getName()).isEqualTo("edit");
              assertThat(rb.getMetadata().getAnnotations())
                  .containsEntry("jit.dev/expires-at", "2026-12-03T09:30:00Z")
                  .containsEntry("jit.dev/request-id", id.value());
            });

    advance(Duration.ofMinutes(29));
    assertThat(prod.bindings("payments")).hasSize(1);
    advance(Duration.ofMinutes(1));

    assertThat(status(id)).isEqualTo(RequestStatus.EXPIRED);
    assertThat(prod.bindings("payments")).isEmpty();
    assertThat(engine.reconcile().revoked()).isEmpty();
  }

  @Test
  @DisplayName("with two clusters configured, each grant goes to its own cluster")
  void twoClusters() {
    RequestId web = submit("web-staging", "view", Duration.ofHours(1));
    engine.handle(new Command.Approve(web, OWNER1, key()));

    assertThat(status(web)).isEqualTo(RequestStatus.ACTIVE);
    assertThat(staging.bindings("web"))
        .singleElement()
        .satisfies(
            rb ->
                assertThat(rb.getMetadata().getLabels())
                    .containsEntry("jit.dev/backend", "k8s-staging"));
    assertThat(prod.bindings("web")).isEmpty();
    assertThat(prod.bindings("payments")).isEmpty();

    RequestId pay = submit("payments-prod", "edit", Duration.ofHours(1));
    engine.handle(new Command.Approve(pay, OWNER1, key()));
    engine.handle(new Command.Approve(pay, OWNER2, key()));

    assertThat(subjects(prod.bindings("payments"))).containsExactly("alice@example.com");
    assertThat(staging.bindings("payments")).isEmpty();
    engine.handle(new Command.Revoke(web, ALICE, key()));
    assertThat(staging.bindings("web")).isEmpty();
    assertThat(prod.bindings("payments")).hasSize(1);
  }

  @Test
  @DisplayName("drift: a jit binding no request backs is revoked; backed and hand-made ones stay")
  void drift() {
    RequestId id = submit("payments-prod", "edit", Duration.ofHours(1));
    engine.handle(new Command.Approve(id, OWNER1, key()));
    engine.handle(new Command.Approve(id, OWNER2, key()));
    GrantStep stray =
        new GrantStep(
            "k8s-prod", Map.of("namespace", "web", "role", "deployer"), "eve@example.com");
    prodBackend.grant(
        new Grant(new RequestId("no-such-request"), stray, clock.instant().plusSeconds(86_400)));
    prod.handMade("payments", "standing-edit", "edit", "bob@example.com");

    ReconciliationReport report = engine.reconcile();

    assertThat(report.revoked()).containsExactly(stray);
    assertThat(prod.bindings("web")).isEmpty();
    assertThat(subjects(prod.bindings("payments")))
        .containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
    assertThat(status(id)).isEqualTo(RequestStatus.ACTIVE);
  }

  @Test
  @DisplayName(
      "two requests share a step: the step stays while either holds it and leaves with the last")
  void overlappingRequests() {
    RequestId edit = submit("payments-prod", "edit", Duration.ofMinutes(30));
    engine.handle(new Command.Approve(edit, OWNER1, key()));
    engine.handle(new Command.Approve(edit, OWNER2, key()));
    RequestId both = submit("payments-prod", "edit-and-deploy", Duration.ofHours(2));
    engine.handle(new Command.Approve(both, OWNER1, key()));
    engine.handle(new Command.Approve(both, OWNER2, key()));
    assertThat(prod.bindings("payments")).as("a binding per request").hasSize(2);

    engine.handle(new Command.Revoke(both, ALICE, key()));

    assertThat(status(both)).isEqualTo(RequestStatus.REVOKED);
    assertThat(prod.bindings("web")).isEmpty();
    assertThat(subjects(prod.bindings("payments")))
        .as("the shared step is kept for the other request")
        .isNotEmpty();

    advance(Duration.ofMinutes(30));

    assertThat(status(edit)).isEqualTo(RequestStatus.EXPIRED);
    assertThat(prod.bindings("payments"))
        .as("the last request to end takes the step, whichever request's binding carried it")
        .isEmpty();
  }
}
