package dev.jit.aws;

import static dev.jit.aws.AwsEngine.ALICE;
import static dev.jit.aws.AwsEngine.OPS;
import static dev.jit.aws.AwsEngine.READ;
import static dev.jit.aws.AwsWorld.ACCOUNT_A;
import static dev.jit.aws.AwsWorld.ACCOUNT_B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.aws.testkit.FakeAws;
import dev.jit.core.ReconciliationReport;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RoleName;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine over IAM Identity Center (the local AWS): asynchronous assignments waited for on
 * durable timers, and each failure the peers' users reported (backends.md §5) handled.
 */
class AwsSsoEngineTest {
  private final AwsEngine w = new AwsEngine();
  private final FakeAws fake = w.aws.fake;

  @AfterEach
  void close() {
    w.close();
  }

  private FakeAws.Assignment aliceReadOnly() {
    return w.aws.assignment(ACCOUNT_A, w.aws.readOnly, "alice");
  }

  private RequestId active(RoleName role, Duration duration) {
    RequestId id = w.approved(role, duration);
    w.seconds(10);
    assertThat(w.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    return id;
  }

  @Test
  @DisplayName("submit, approve, grant in progress, active when assigned, expiry removes it")
  void fullFlow() {
    RequestId id = w.approved(READ, Duration.ofHours(1));

    assertThat(w.load(id).status())
        .as("granting while IN_PROGRESS")
        .isEqualTo(RequestStatus.APPROVED);
    assertThat(fake.assignments()).isEmpty();
    w.seconds(10);

    assertThat(w.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(fake.assignments()).containsExactly(aliceReadOnly());
    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(1);
    assertThat(w.actions(id)).containsSubsequence("step_pending", "step_granted", "granted");

    w.advance(Duration.ofHours(1));
    w.seconds(60);

    assertThat(w.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(fake.assignments()).isEmpty();
    assertThat(fake.calls("DeleteAccountAssignment")).isEqualTo(1);
    assertThat(w.notifier.of(NotificationKind.EXPIRED)).hasSize(1);
    w.assertAuditIntact();
  }

  @Test
  @DisplayName("a ConflictException on create is retried to success (TEAM #513)")
  void conflictOnCreateRetried() {
    fake.conflict("CreateAccountAssignment", 2);

    RequestId id = active(READ, Duration.ofHours(1));

    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(3);
    assertThat(fake.assignments()).containsExactly(aliceReadOnly());
  }

  @Test
  @DisplayName("a creation that ends FAILED is rolled back and the requester told the reason")
  void failedCreationRolledBack() {
    fake.failNextCreation("The target account has reached the IAM role quota (1000)");

    RequestId id = w.approved(READ, Duration.ofHours(1));
    w.seconds(30);

    AccessRequest r = w.load(id);
    assertThat(r.status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(r.reason()).contains("FAILED").contains("IAM role quota");
    assertThat(w.notifier.of(NotificationKind.FAILED))
        .singleElement()
        .satisfies(n -> assertThat(n.recipients()).containsExactly(ALICE));
    assertThat(fake.assignments()).isEmpty();
    w.assertAuditIntact();
  }

  @Test
  @DisplayName("a deletion that ends FAILED is retried and escalated until the assignment is gone")
  void failedDeletionRetriedAndEscalated() {
    RequestId id = active(READ, Duration.ofHours(1));
    for (int i = 0; i < 4; i++) {
      fake.failNextDeletion("AccessDenied: not authorized to perform iam:DeleteRole");
    }

    w.advance(Duration.ofHours(1));
    w.seconds(10);
    assertThat(w.actions(id)).contains("undo_attempt_failed");
    assertThat(w.load(id).reason()).contains("iam:DeleteRole");
    for (int i = 0; i < 6; i++) {
      w.advance(Duration.ofMinutes(6));
      w.seconds(10);
    }

    assertThat(w.notifier.of(NotificationKind.ESCALATION)).isNotEmpty();
    assertThat(w.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(fake.assignments()).isEmpty();
    assertThat(fake.calls("DeleteAccountAssignment")).isEqualTo(5);
  }

  @Test
  @DisplayName("the first of two overlapping requests expiring leaves the second one's access")
  void overlappingRequests() {
    RequestId first = active(READ, Duration.ofHours(1));
    RequestId second = active(OPS, Duration.ofHours(3));
    assertThat(w.load(first).steps().get(0)).isEqualTo(w.load(second).steps().get(0));
    assertThat(fake.calls("CreateAccountAssignment"))
        .as("the shared one created once")
        .isEqualTo(2);

    w.advance(Duration.ofHours(1));
    w.seconds(30);

    assertThat(w.load(first).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(w.load(second).status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(fake.assignments()).contains(aliceReadOnly());

    w.advance(Duration.ofHours(2));
    w.seconds(30);
    assertThat(w.load(second).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(fake.assignments()).isEmpty();
  }

  @Test
  @DisplayName(
      "a request approved while the same assignment of an expiring one is being deleted gets it")
  void requestDuringRemoval() {
    RequestId first = active(READ, Duration.ofHours(1));
    w.advance(Duration.ofHours(1));
    assertThat(w.load(first).status()).isEqualTo(RequestStatus.REVOKING);

    RequestId second = w.approved(OPS, Duration.ofHours(2));
    w.seconds(60);

    assertThat(w.load(first).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(w.load(second).status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(fake.assignments()).contains(aliceReadOnly());
  }

  @Test
  @DisplayName("a user deleted from the identity store between grant and revoke is still revoked")
  void userDeletedBeforeRevoke() {
    RequestId id = active(READ, Duration.ofHours(1));
    fake.deleteUser(w.aws.userIds.get("alice@example.com"));

    w.advance(Duration.ofHours(1));
    w.seconds(30);

    assertThat(w.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(fake.assignments()).isEmpty();
  }

  @Test
  @DisplayName(
      "drift: an unbacked USER assignment of a managed set is revoked, GROUP and unmanaged ones never")
  void drift() {
    RequestId id = active(READ, Duration.ofHours(1));
    FakeAws.Assignment drifted = w.aws.assignment(ACCOUNT_B, w.aws.admin, "bob");
    FakeAws.Assignment group =
        new FakeAws.Assignment(
            ACCOUNT_A, w.aws.readOnly, "GROUP", "9067b1a2c3-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    FakeAws.Assignment standing = w.aws.assignment(ACCOUNT_A, w.aws.unmanaged, "carol");
    fake.assign(drifted);
    fake.assign(group);
    fake.assign(standing);

    ReconciliationReport report = w.engine.reconcile();
    fake.settle();

    assertThat(report.revoked())
        .singleElement()
        .satisfies(s -> assertThat(s.principal()).isEqualTo("bob@example.com"));
    assertThat(fake.assignments()).containsExactlyInAnyOrder(aliceReadOnly(), group, standing);
    assertThat(w.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(fake.requests())
        .as("a GROUP principal is never looked up as a user")
        .filteredOn(r -> FakeAws.operation(r).equals("DescribeUser"))
        .noneMatch(r -> r.bodyText().contains(group.principalId()));
  }
}
