package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.ADMIN;
import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.core.memory.InMemoryGrantBackend.Call;
import dev.jit.core.memory.InMemoryGrantBackend.Op;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EngineFailureTest {
  private final EngineWorld f = new EngineWorld();
  private final List<String> revocations = new ArrayList<>();
  private final JitEngine engine = f.engine();

  EngineFailureTest() {
    for (InMemoryGrantBackend b : List.of(f.okta, f.db, f.k8s)) {
      b.onCall(
          call -> {
            if (call.op() == Op.REVOKE) {
              revocations.add(call.step().backend());
            }
          });
    }
  }

  private RequestId approvedRequest() {
    RequestId id = engine.handle(f.submitProd()).requireRequest().id();
    engine.handle(f.approve(id, OWNER1));
    engine.handle(f.approve(id, OWNER2));
    return id;
  }

  @Test
  @DisplayName(
      "a step that fails for good rolls back the steps before it, newest first, and tells the requester")
  void partialFailureRollsBack() {
    f.k8s.failAlways(Op.GRANT, false);
    RequestId id = approvedRequest();

    AccessRequest r = f.load(id);
    assertThat(r.status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(r.reason()).contains("step 3", "k8s-rbac");
    assertThat(revocations).containsExactly("k8s-rbac", "db-role", "okta-group");
    assertThat(f.nothingHeld()).isTrue();
    assertThat(f.actions(id))
        .containsSubsequence("step_granted", "step_granted", "grant_failed", "rolled_back")
        .doesNotContain("granted");
    assertThat(f.notifier.of(NotificationKind.FAILED))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.recipients()).containsExactly(REQUESTER);
              assertThat(n.detail()).contains("k8s-rbac");
            });
    f.assertAuditIntact();
  }

  @Test
  @DisplayName("a call that timed out after taking effect is still rolled back")
  void failedCallThatTookEffect() {
    f.db.failAfterApplying(Op.GRANT, 10);
    RequestId id = approvedRequest();
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(f.nothingHeld()).isTrue();
  }

  @Test
  @DisplayName("retryable failures past the bound fail closed: nothing stays granted")
  void retriesExhausted() {
    f.okta.failAlways(Op.GRANT, true);
    RequestId id = approvedRequest();
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(f.okta.calls().stream().filter(c -> c.op() == Op.GRANT)).hasSize(3);
    assertThat(f.nothingHeld()).isTrue();
  }

  @Test
  @DisplayName(
      "a rollback that keeps failing is visible, escalated, retried, and finishes once the backend recovers")
  void rollbackFailure() {
    f.k8s.failAlways(Op.GRANT, false);
    f.okta.failAlways(Op.REVOKE, true);
    RequestId id = approvedRequest();
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.GRANT_FAILED);
    assertThat(f.load(id).attempts()).isEqualTo(1);
    assertThat(f.okta.holdings().orElseThrow()).hasSize(1);

    f.advance(Duration.ofSeconds(30), engine);
    f.advance(Duration.ofMinutes(1), engine);
    AccessRequest failing = f.load(id);
    assertThat(failing.status()).isEqualTo(RequestStatus.ROLLBACK_FAILING);
    assertThat(failing.attempts()).isEqualTo(3);
    assertThat(f.notifier.of(NotificationKind.ESCALATION))
        .singleElement()
        .satisfies(n -> assertThat(n.recipients()).contains(ADMIN, OWNER1));

    f.okta.heal();
    f.advance(Duration.ofMinutes(5), engine);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(f.nothingHeld()).isTrue();
    f.assertAuditIntact();
  }

  @Test
  @DisplayName(
      "a failing revocation is retried, escalated, keeps going, and revokes once the backend recovers")
  void revocationFailure() {
    RequestId id = approvedRequest();
    f.db.failAlways(Op.REVOKE, true);
    f.advance(Duration.ofHours(1), engine);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.REVOKING);

    for (int i = 0; i < 6; i++) {
      f.advance(Duration.ofMinutes(5), engine);
    }
    AccessRequest failing = f.load(id);
    assertThat(failing.status()).isEqualTo(RequestStatus.REVOCATION_FAILING);
    assertThat(failing.attempts()).isGreaterThanOrEqualTo(6);
    assertThat(failing.reason()).contains("revocation attempt", "db-role");
    assertThat(f.notifier.of(NotificationKind.ESCALATION)).hasSizeGreaterThanOrEqualTo(2);

    f.db.heal();
    f.advance(Duration.ofMinutes(5), engine);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.nothingHeld()).isTrue();
    assertThat(f.notifier.of(NotificationKind.EXPIRED)).hasSize(1);
    f.assertAuditIntact();
  }

  @Test
  @DisplayName("a backend that still reports access after revoking it does not count as revoked")
  void revocationIsVerified() {
    GrantBackend stubborn =
        new GrantBackend() {
          @Override
          public String type() {
            return "db-role";
          }

          @Override
          public void grant(Grant grant) {
            f.db.grant(grant);
          }

          @Override
          public void revoke(Grant grant) {
            f.db.revoke(grant);
          }

          @Override
          public GrantCheck check(Grant grant) {
            return GrantCheck.HELD;
          }
        };
    JitEngine e =
        f.parts(f.store, f.audit).backend(f.okta).backend(stubborn).backend(f.k8s).build();
    RequestId id = e.handle(f.submitProd()).requireRequest().id();
    e.handle(f.approve(id, OWNER1));
    e.handle(f.approve(id, OWNER2));
    f.advance(Duration.ofHours(1), e);
    AccessRequest r = f.load(id);
    assertThat(r.status()).isEqualTo(RequestStatus.REVOKING);
    assertThat(r.reason()).contains("still reports the access");
  }

  @Test
  @DisplayName("a step two active requests share stays until the last of them ends")
  void sharedStep() {
    RequestId read = approvedRequest();
    RequestId write =
        engine.handle(f.submitProdWrite(Duration.ofMinutes(15))).requireRequest().id();
    engine.handle(f.approve(write, OWNER1));
    engine.handle(f.approve(write, OWNER2));
    GrantStep shared = f.load(read).steps().get(0);
    assertThat(f.load(write).steps().get(0)).isEqualTo(shared);

    f.advance(Duration.ofMinutes(15), engine);
    assertThat(f.load(write).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.okta.holdings().orElseThrow()).containsExactly(shared);
    assertThat(f.db.holdings().orElseThrow()).containsExactly(f.load(read).steps().get(1));

    f.advance(Duration.ofMinutes(45), engine);
    assertThat(f.load(read).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.nothingHeld()).isTrue();
  }

  @Test
  @DisplayName(
      "reconciliation revokes access that no active request backs, and leaves active grants alone")
  void reconciliation() {
    RequestId id = approvedRequest();
    GrantStep stray = new GrantStep("db-role", Map.of("role", "payments_admin"), "mallory");
    f.db.hold(stray);

    ReconciliationReport report = engine.reconcile();
    assertThat(report.revoked()).containsExactly(stray);
    assertThat(report.clean()).isTrue();
    assertThat(f.db.holdings().orElseThrow()).containsExactly(f.load(id).steps().get(1));
    assertThat(f.okta.holdings().orElseThrow()).hasSize(1);
  }

  @Test
  @DisplayName("a notifier that throws does not stop a grant")
  void notifierFailure() {
    JitEngine e =
        f.parts(f.store, f.audit)
            .backend(f.okta)
            .backend(f.db)
            .backend(f.k8s)
            .notifier(
                n -> {
                  throw new IllegalStateException("slack is down");
                })
            .build();
    RequestId id = e.handle(f.submitProd()).requireRequest().id();
    e.handle(f.approve(id, OWNER1));
    assertThat(e.handle(f.approve(id, OWNER2)).requireRequest().status())
        .isEqualTo(RequestStatus.ACTIVE);
  }

  @Test
  @DisplayName("an engine refuses to start with a policy naming a backend nobody registered")
  void unknownBackend() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> f.parts(f.store, f.audit).backend(f.okta).notifier(f.notifier).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("prod-db")
        .hasMessageContaining("db-role");
  }

  static List<Op> ops(List<Call> calls) {
    return calls.stream().map(Call::op).toList();
  }
}
