package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.ForwardingGrantBackend;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The grant lease: the intent committed before every backend call, the holder it names, how fast
 * the work of an engine that died is taken over (at once by the same instance restarting, within a
 * lease by another one, never past the grant's expiry), and the renewal that keeps an engine still
 * at work from being taken over.
 */
class LeaseTest {
  private final EngineWorld f = new EngineWorld();
  private final Duration lease = f.settings.grantLease();

  private JitEngine engine(String instance, GrantBackend db) {
    return f.parts().instanceId(instance).backend(f.okta).backend(db).backend(f.k8s).build();
  }

  /** Approves a new request on {@code engine}, which dies after the database granted its step. */
  private RequestId approvedAndKilledAfterTheDatabaseGranted(String instance) {
    JitEngine dying = engine(instance, new Crashes.DiesAfterGranting(f.db));
    RequestId id = dying.handle(f.submitProd()).requireRequest().id();
    dying.handle(f.approve(id, OWNER1));
    assertThatThrownBy(() -> dying.handle(f.approve(id, OWNER2))).isInstanceOf(Crashes.Crash.class);
    AccessRequest left = f.load(id);
    assertThat(left.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(left.stepsDone()).isEqualTo(1);
    assertThat(f.db.holdings().orElseThrow()).as("granted, not yet recorded").isNotEmpty();
    return id;
  }

  @Test
  @DisplayName(
      "the trail records every attempt before its backend call: a grant killed between the call"
          + " and its commit reads step_attempted, and its rollback removes that step")
  void intentOnRecord() {
    RequestId id = approvedAndKilledAfterTheDatabaseGranted("a");

    assertThat(f.actions(id))
        .containsExactly(
            "submitted",
            "approval_recorded",
            "approved",
            "step_attempted",
            "step_granted",
            "step_attempted");
    AccessRequest left = f.load(id);
    assertThat(left.holder()).contains("a");
    assertThat(f.audit.forRequest(id, 0).get(5).entry().detail())
        .isEqualTo(left.steps().get(1).toString());

    engine("a", f.db).recover();
    assertThat(f.actions(id))
        .endsWith("grant_failed", "undo_attempted", "undo_attempted", "rolled_back");
    assertThat(f.nothingHeld()).isTrue();
    f.assertAuditIntact();
  }

  @Test
  @DisplayName(
      "an instance that restarts takes back the grant it held at once, without waiting for the"
          + " lease")
  void restartTakesBackAtOnce() {
    RequestId id = approvedAndKilledAfterTheDatabaseGranted("a");

    engine("a", f.db).recover();

    AccessRequest after = f.load(id);
    assertThat(after.status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(after.holder()).isEmpty();
    assertThat(f.nothingHeld()).isTrue();
  }

  @Test
  @DisplayName("another instance leaves a grant alone while its lease runs, and takes it over then")
  void otherInstanceWaitsForTheLease() {
    RequestId id = approvedAndKilledAfterTheDatabaseGranted("a");
    JitEngine other = engine("b", f.db);

    other.recover();
    f.advance(lease.minusSeconds(1), other);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.APPROVED);

    f.advance(Duration.ofSeconds(1), other);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(f.nothingHeld()).isTrue();
    f.assertAuditIntact();
  }

  @Test
  @DisplayName("a grant's lease never runs past its expiry, however long the lease")
  void leaseEndsByExpiry() {
    f.settings = f.settings.withGrantLease(Duration.ofHours(3));
    RequestId id = approvedAndKilledAfterTheDatabaseGranted("a");
    AccessRequest left = f.load(id);
    assertThat(left.nextDeadline()).isEqualTo(left.expiresAt());

    JitEngine other = engine("b", f.db);
    f.advance(Duration.ofHours(1), other);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(f.nothingHeld()).isTrue();
  }

  @Test
  @DisplayName(
      "the holder renews its lease while a backend call lasts, so no other instance takes over"
          + " an engine still at work")
  void renewedWhileWorking() throws Exception {
    Granting granting = new Granting();
    RequestId id = granting.id;
    JitEngine other = engine("b", f.db);

    f.clock.advance(lease.dividedBy(3));
    await().atMost(Duration.ofSeconds(10)).until(() -> f.actions(id).contains("lease_renewed"));
    f.advance(lease.dividedBy(3).multipliedBy(2).plusSeconds(1), other);
    other.sweep();
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.APPROVED);

    assertThat(granting.finish().status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(f.load(id).holder()).isEmpty();
    assertThat(f.db.calls()).filteredOn(c -> c.op() == InMemoryGrantBackend.Op.GRANT).hasSize(1);
    f.assertAuditIntact();
  }

  @Test
  @DisplayName(
      "a revoke that arrives while the grant is still running is refused, saying so, and changes"
          + " nothing; once active it revokes")
  void revokeWhileGranting() throws Exception {
    Granting granting = new Granting();
    RequestId id = granting.id;
    JitEngine working = granting.engine;
    long version = f.load(id).version();

    Outcome early = working.handle(new Command.Revoke(id, EngineWorld.REQUESTER, f.key()));

    assertThat(early.result()).isEqualTo(Outcome.Result.REJECTED);
    assertThat(early.rejection()).contains(Rejection.NOT_ACTIVE);
    assertThat(early.message()).contains("still being granted").contains("once it is active");
    assertThat(f.load(id).version()).isEqualTo(version);
    assertThat(granting.finish().status()).isEqualTo(RequestStatus.ACTIVE);
    Outcome revoked = working.handle(new Command.Revoke(id, EngineWorld.REQUESTER, f.key()));
    assertThat(revoked.requireRequest().status()).isEqualTo(RequestStatus.REVOKED);
    assertThat(f.nothingHeld()).isTrue();
  }

  /** A request approved on instance "a", whose database grant call waits until {@link #finish}. */
  private final class Granting {
    final Blocking db = new Blocking(f.db);
    final JitEngine engine = engine("a", db);
    final RequestId id = engine.handle(f.submitProd()).requireRequest().id();
    final CompletableFuture<Outcome> approving;

    Granting() throws InterruptedException {
      engine.handle(f.approve(id, OWNER1));
      approving = CompletableFuture.supplyAsync(() -> engine.handle(f.approve(id, OWNER2)));
      assertThat(db.entered.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Lets the grant call return; the request as the approval left it. */
    AccessRequest finish() throws Exception {
      db.release.countDown();
      return approving.get(10, TimeUnit.SECONDS).requireRequest();
    }
  }

  /** A backend whose grant call waits until the test releases it. */
  private static final class Blocking extends ForwardingGrantBackend {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Blocking(GrantBackend delegate) {
      super(delegate);
    }

    @Override
    public void grant(Grant grant) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.grant(grant);
    }
  }
}
