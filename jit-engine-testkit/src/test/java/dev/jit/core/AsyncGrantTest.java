package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.GrantStep;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.AsyncGrantBackend;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Grants and revocations on an asynchronous platform: the backend accepts the change and reports it
 * in progress for a while. The engine must wait on durable timers, decide only on the final state,
 * and never call a removal in progress a failure.
 */
class AsyncGrantTest {
  private final EngineWorld f = new EngineWorld();
  private final AsyncGrantBackend db = new AsyncGrantBackend("db-role", 3);
  private JitEngine engine = newEngine();

  private JitEngine newEngine() {
    return f.parts(f.store, f.audit).backend(f.okta).backend(db).backend(f.k8s).build();
  }

  private RequestId approved() {
    RequestId id = engine.handle(f.submitProd()).requireRequest().id();
    engine.handle(f.approve(id, OWNER1));
    engine.handle(f.approve(id, OWNER2));
    return id;
  }

  private GrantStep dbStep(RequestId id) {
    return f.load(id).steps().get(1);
  }

  /** Moves the clock a second at a time, delivering timers, up to {@code seconds}. */
  private void seconds(int seconds) {
    for (int i = 0; i < seconds; i++) {
      f.advance(Duration.ofSeconds(1), engine);
    }
  }

  @Test
  @DisplayName("a grant in progress keeps the request granting until the platform reports it held")
  void activeOnlyWhenHeld() {
    RequestId id = approved();

    AccessRequest r = f.load(id);
    assertThat(r.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(r.stepsDone()).isEqualTo(1);
    assertThat(f.k8s.holdings().orElseThrow()).as("later steps wait").isEmpty();
    assertThat(f.notifier.of(NotificationKind.GRANTED)).isEmpty();

    seconds(10);

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(db.holds(dbStep(id))).isTrue();
    assertThat(db.grantCalls()).as("asked once, then only checked").isEqualTo(1);
    assertThat(f.actions(id))
        .containsSubsequence("step_granted", "step_pending", "step_granted", "granted");
    assertThat(f.notifier.of(NotificationKind.GRANTED)).hasSize(1);
    f.assertAuditIntact();
  }

  @Test
  @DisplayName("a grant the platform ends FAILED is rolled back and the requester told why")
  void failedGrantRollsBack() {
    db.failNextGrant("permission set not provisioned");
    RequestId id = approved();

    seconds(15);

    AccessRequest r = f.load(id);
    assertThat(r.status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(r.reason()).contains("permission set not provisioned");
    assertThat(f.nothingHeld()).isTrue();
    assertThat(db.holdings().orElseThrow()).isEmpty();
    assertThat(f.notifier.of(NotificationKind.FAILED))
        .singleElement()
        .satisfies(n -> assertThat(n.recipients()).containsExactly(REQUESTER));
    f.assertAuditIntact();
  }

  @Test
  @DisplayName("a grant still in progress after the allowed checks fails and is rolled back")
  void grantThatNeverFinishes() {
    f.settings = f.settings.withPolling(4, Duration.ofSeconds(1));
    engine = newEngine();
    db.checksUntilDone(1_000);
    RequestId id = approved();

    seconds(120);

    assertThat(f.audit.forRequest(id, 0))
        .filteredOn(r -> r.entry().action().equals("grant_failed"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.entry().detail())
                    .contains("still reports the grant in progress after 4 checks"));
    assertThat(f.okta.holdings().orElseThrow()).isEmpty();
    assertThat(db.checkCalls()).isLessThanOrEqualTo(10);
  }

  @Test
  @DisplayName("a revocation in progress is waited for without counting as failed or escalating")
  void pendingRevokeNeverEscalates() {
    RequestId id = approved();
    seconds(10);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    db.checksUntilDone(20);

    f.advance(Duration.ofHours(1), engine);
    for (int i = 0; i < 20 && f.load(id).status() != RequestStatus.EXPIRED; i++) {
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.REVOKING);
      f.advance(Duration.ofSeconds(30), engine);
    }

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.load(id).attempts()).isZero();
    assertThat(f.notifier.of(NotificationKind.ESCALATION)).isEmpty();
    assertThat(db.holdings().orElseThrow()).isEmpty();
    assertThat(f.actions(id)).contains("undo_pending").doesNotContain("undo_attempt_failed");
    f.assertAuditIntact();
  }

  @Test
  @DisplayName("a revocation the platform ends FAILED is retried and escalated")
  void failedRevokeEscalates() {
    RequestId id = approved();
    seconds(10);
    db.checksUntilDone(0);
    db.failNextRevoke("AccessDenied on DeleteAccountAssignment");

    f.advance(Duration.ofHours(1), engine);

    assertThat(f.load(id).status()).isIn(RequestStatus.REVOKING, RequestStatus.EXPIRED);
    assertThat(f.actions(id)).contains("undo_attempt_failed");
    assertThat(f.load(id).reason()).contains("AccessDenied");
    for (int i = 0; i < 3; i++) {
      db.failNextRevoke("AccessDenied on DeleteAccountAssignment");
      f.advance(Duration.ofMinutes(6), engine);
    }
    assertThat(f.notifier.of(NotificationKind.ESCALATION)).isNotEmpty();
    assertThat(f.load(id).status()).isIn(RequestStatus.REVOCATION_FAILING, RequestStatus.EXPIRED);

    f.advance(Duration.ofMinutes(10), engine);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(db.holdings().orElseThrow()).isEmpty();
  }

  @Test
  @DisplayName("an engine that stops while a step is in progress is finished by another")
  void crashWhilePending() {
    RequestId id = approved();
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.APPROVED);

    engine = newEngine(); // the first engine is gone; its timers live in the shared scheduler
    seconds(10);

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(db.grantCalls()).isEqualTo(1);

    f.advance(Duration.ofHours(1), engine);
    seconds(10);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.nothingHeld()).isTrue();
    assertThat(db.holdings().orElseThrow()).isEmpty();
  }

  @Test
  @DisplayName("an expiring request does not remove a step that another request is still granting")
  void overlapWithGrantingRequest() {
    db.checksUntilDone(0);
    RequestId read = approved();
    assertThat(f.load(read).status()).isEqualTo(RequestStatus.ACTIVE);
    GrantStep shared = f.load(read).steps().get(0);

    f.advance(Duration.ofMinutes(59), engine);
    db.checksUntilDone(100);
    RequestId write =
        engine.handle(f.submitProdWrite(Duration.ofMinutes(15))).requireRequest().id();
    engine.handle(f.approve(write, OWNER1));
    engine.handle(f.approve(write, OWNER2));
    assertThat(f.load(write).status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(f.load(write).steps().get(0)).isEqualTo(shared);
    db.checksUntilDone(0);

    f.advance(Duration.ofMinutes(1), engine);
    seconds(5);

    assertThat(f.load(read).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.load(write).status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(f.okta.holdings().orElseThrow()).containsExactly(shared);
  }
}
