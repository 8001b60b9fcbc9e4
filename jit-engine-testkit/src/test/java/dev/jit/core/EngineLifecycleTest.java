package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.ADMIN;
import static dev.jit.testkit.engine.EngineWorld.DEV;
import static dev.jit.testkit.engine.EngineWorld.JUSTIFICATION;
import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.OWNER3;
import static dev.jit.testkit.engine.EngineWorld.PROD;
import static dev.jit.testkit.engine.EngineWorld.READ;
import static dev.jit.testkit.engine.EngineWorld.REQUESTER;
import static dev.jit.testkit.engine.EngineWorld.STAGING;
import static dev.jit.testkit.engine.EngineWorld.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Outcome.Result;
import dev.jit.core.memory.InMemoryGrantBackend.Op;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.GrantStep;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EngineLifecycleTest {
  private final EngineWorld f = new EngineWorld();
  private final JitEngine engine = f.engine();

  private RequestId submit() {
    Outcome o = engine.handle(f.submitProd());
    assertThat(o.result()).as(o.message()).isEqualTo(Result.ACCEPTED);
    return o.requireRequest().id();
  }

  @Nested
  class HappyPath {
    @Test
    @DisplayName(
        "two of three owners approve, every step is granted in order, and expiry revokes them newest first")
    void twoOfThree() {
      RequestId id = submit();
      assertThat(f.notifier.of(NotificationKind.PENDING))
          .singleElement()
          .satisfies(
              n -> assertThat(n.recipients()).containsExactlyInAnyOrder(OWNER1, OWNER2, OWNER3));

      Outcome first = engine.handle(f.approve(id, OWNER1));
      assertThat(first.status()).contains(RequestStatus.PENDING);
      assertThat(first.message()).contains("1 of 2");
      assertThat(f.okta.calls()).isEmpty();

      Outcome second = engine.handle(f.approve(id, OWNER3));
      assertThat(second.status()).contains(RequestStatus.APPROVED);
      assertThat(second.requireRequest().status()).isEqualTo(RequestStatus.ACTIVE);
      AccessRequest active = f.load(id);
      assertThat(active.approvers()).containsExactly(OWNER1, OWNER3);
      assertThat(active.expiresAt()).contains(f.clock.instant().plus(Duration.ofHours(1)));
      assertThat(f.okta.holdings().orElseThrow()).containsExactly(active.steps().get(0));
      assertThat(f.db.holdings().orElseThrow()).containsExactly(active.steps().get(1));
      assertThat(f.k8s.holdings().orElseThrow()).containsExactly(active.steps().get(2));
      assertThat(active.steps().get(0).principal()).isEqualTo("ureq@example.com");
      assertThat(f.notifier.of(NotificationKind.GRANTED))
          .singleElement()
          .satisfies(n -> assertThat(n.recipients()).containsExactly(REQUESTER));

      f.advance(Duration.ofMinutes(59), engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
      assertThat(f.notifier.of(NotificationKind.EXPIRING_SOON)).hasSize(1);

      f.advance(Duration.ofMinutes(1), engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
      assertThat(f.nothingHeld()).isTrue();
      assertThat(f.notifier.of(NotificationKind.EXPIRED)).hasSize(1);
      assertThat(f.actions(id))
          .containsExactly(
              "submitted",
              "approval_recorded",
              "approved",
              "step_attempted",
              "step_granted",
              "step_attempted",
              "step_granted",
              "step_attempted",
              "step_granted",
              "granted",
              "expiry_reached",
              "undo_attempted",
              "undo_attempted",
              "undo_attempted",
              "revoked");
      f.assertAuditIntact();
    }

    @Test
    @DisplayName("a member of an owner group can approve")
    void groupMemberApproves() {
      Outcome o =
          engine.handle(
              new Command.Submit(
                  REQUESTER, STAGING, READ, Duration.ofHours(2), JUSTIFICATION, "", f.key()));
      Outcome approved = engine.handle(f.approve(o.requireRequest().id(), DEV));
      assertThat(approved.requireRequest().status()).isEqualTo(RequestStatus.ACTIVE);
    }
  }

  @Nested
  class WhoMayDecide {
    @Test
    @DisplayName("a requester cannot approve their own request, even as an owner")
    void selfApproval() {
      Outcome o =
          engine.handle(
              new Command.Submit(
                  OWNER1, PROD, READ, Duration.ofHours(1), JUSTIFICATION, "", f.key()));
      RequestId id = o.requireRequest().id();
      Outcome self = engine.handle(f.approve(id, OWNER1));
      assertThat(self.rejection()).contains(Rejection.SELF_APPROVAL);
      assertThat(f.load(id).approvals()).isEmpty();
      assertThat(f.notifier.of(NotificationKind.PENDING).get(0).recipients())
          .doesNotContain(OWNER1);
    }

    @Test
    @DisplayName("someone who is not an owner cannot approve or deny")
    void nonOwner() {
      RequestId id = submit();
      assertThat(engine.handle(f.approve(id, STRANGER)).rejection())
          .contains(Rejection.NOT_AN_APPROVER);
      assertThat(engine.handle(new Command.Deny(id, STRANGER, "no", f.key())).rejection())
          .contains(Rejection.NOT_AN_APPROVER);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    @DisplayName(
        "an approver who left cannot approve, and an approval they gave before leaving stops counting")
    void deactivatedApprover() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      f.directory.deactivate(OWNER1);

      Outcome second = engine.handle(f.approve(id, OWNER2));
      assertThat(second.status()).contains(RequestStatus.PENDING);
      assertThat(f.load(id).approvers()).containsExactly(OWNER2);
      assertThat(f.audit.forRequest(id, 0).get(2).entry().detail())
          .contains("no longer counted", "UO1");
      assertThat(f.okta.calls()).isEmpty();

      f.directory.deactivate(OWNER3);
      assertThat(engine.handle(f.approve(id, OWNER3)).rejection())
          .contains(Rejection.INACTIVE_USER);
      f.directory.activate(OWNER3);
      assertThat(engine.handle(f.approve(id, OWNER3)).requireRequest().status())
          .isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    @DisplayName("a requester who left after asking is not granted access, however many approve")
    void deactivatedRequester() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      f.directory.deactivate(REQUESTER);

      Outcome second = engine.handle(f.approve(id, OWNER2));
      assertThat(second.rejection()).contains(Rejection.INACTIVE_USER);
      assertThat(second.message()).contains("requester");
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.PENDING);
      assertThat(f.load(id).approvers()).containsExactly(OWNER1);
      assertThat(f.nothingHeld()).isTrue();
    }

    @Test
    @DisplayName("when the directory is down, approvals fail closed and nothing is counted")
    void directoryOutage() {
      RequestId id = submit();
      f.directory.failWith(new dev.jit.spi.JitException("directory down"));
      Outcome o = engine.handle(f.approve(id, OWNER1));
      assertThat(o.rejection()).contains(Rejection.UNVERIFIABLE);
      f.directory.heal();
      assertThat(f.load(id).approvals()).isEmpty();
    }

    @Test
    @DisplayName("one eligible deny ends the request with the reason")
    void deny() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      Outcome denied =
          engine.handle(new Command.Deny(id, OWNER2, "  Use the read replica  ", f.key()));
      assertThat(denied.status()).contains(RequestStatus.DENIED);
      AccessRequest r = f.load(id);
      assertThat(r.decidedBy()).contains(OWNER2);
      assertThat(r.reason()).isEqualTo("Use the read replica");
      assertThat(engine.handle(f.approve(id, OWNER3)).rejection()).contains(Rejection.NOT_PENDING);
      assertThat(f.notifier.of(NotificationKind.DENIED).get(0).detail())
          .isEqualTo("Use the read replica");
      assertThat(f.nothingHeld()).isTrue();
    }

    @Test
    @DisplayName("a deny needs a reason")
    void denyNeedsReason() {
      RequestId id = submit();
      assertThat(engine.handle(new Command.Deny(id, OWNER2, "  ", f.key())).rejection())
          .contains(Rejection.INVALID_REASON);
    }

    @Test
    @DisplayName("only the requester cancels, and only while pending")
    void cancel() {
      RequestId id = submit();
      assertThat(engine.handle(new Command.Cancel(id, OWNER1, f.key())).rejection())
          .contains(Rejection.NOT_REQUESTER);
      assertThat(engine.handle(new Command.Cancel(id, REQUESTER, f.key())).status())
          .contains(RequestStatus.CANCELLED);
      assertThat(engine.handle(f.approve(id, OWNER1)).rejection()).contains(Rejection.NOT_PENDING);
    }

    @Test
    @DisplayName("the requester or an admin revokes early; nobody else can")
    void earlyRevoke() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      engine.handle(f.approve(id, OWNER2));
      assertThat(engine.handle(new Command.Revoke(id, OWNER3, f.key())).rejection())
          .contains(Rejection.NOT_ALLOWED_TO_REVOKE);
      Outcome revoked = engine.handle(new Command.Revoke(id, ADMIN, f.key()));
      assertThat(revoked.status()).contains(RequestStatus.REVOKING);
      assertThat(revoked.requireRequest().status()).isEqualTo(RequestStatus.REVOKED);
      assertThat(f.load(id).decidedBy()).contains(ADMIN);
      assertThat(f.nothingHeld()).isTrue();
      assertThat(f.notifier.of(NotificationKind.REVOKED)).hasSize(1);
      assertThat(engine.handle(new Command.Revoke(id, REQUESTER, f.key())).rejection())
          .contains(Rejection.NOT_ACTIVE);
    }
  }

  @Nested
  class Timing {
    @Test
    @DisplayName("a pending request nobody decides is denied at the approval deadline")
    void approvalTimeout() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      f.advance(Duration.ofMinutes(29), engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.PENDING);
      f.advance(Duration.ofMinutes(1), engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.TIMED_OUT);
      assertThat(f.notifier.of(NotificationKind.TIMED_OUT)).hasSize(1);
      assertThat(engine.handle(f.approve(id, OWNER2)).rejection()).contains(Rejection.NOT_PENDING);
      assertThat(f.nothingHeld()).isTrue();
    }

    @Test
    @DisplayName(
        "an approval after the approval deadline does not count, even before the timer fires")
    void lateApproval() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      f.clock.advance(Duration.ofMinutes(30));

      Outcome late = engine.handle(f.approve(id, OWNER2));
      assertThat(late.rejection()).contains(Rejection.NOT_PENDING);
      assertThat(f.load(id).approvers()).containsExactly(OWNER1);
      assertThat(f.nothingHeld()).isTrue();
      f.advance(Duration.ZERO, engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.TIMED_OUT);
    }

    @Test
    @DisplayName("approvers who have not voted are nudged about a stale request")
    void nudge() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      f.advance(Duration.ofMinutes(15), engine);
      assertThat(f.notifier.of(NotificationKind.NUDGE))
          .singleElement()
          .satisfies(n -> assertThat(n.recipients()).containsExactlyInAnyOrder(OWNER2, OWNER3));
    }

    @Test
    @DisplayName("the sweep times out and expires requests even when their timers were lost")
    void sweepWithoutTimers() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      engine.handle(f.approve(id, OWNER2));
      f.scheduler.pending().forEach(f.scheduler::cancel);
      f.clock.advance(Duration.ofHours(1));
      assertThat(engine.sweep()).isEqualTo(1);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
      assertThat(f.nothingHeld()).isTrue();
    }
  }

  @Nested
  class Idempotency {
    @Test
    @DisplayName("a double-click approves once and grants once")
    void doubleClick() {
      RequestId id = submit();
      engine.handle(f.approve(id, OWNER1));
      IdempotencyKey click = new IdempotencyKey("action-ts-1700000000.000100");
      Outcome first = engine.handle(new Command.Approve(id, OWNER2, click));
      Outcome again = engine.handle(new Command.Approve(id, OWNER2, click));
      assertThat(first.result()).isEqualTo(Result.ACCEPTED);
      assertThat(again.result()).isEqualTo(Result.DUPLICATE);
      assertThat(again.status()).isEqualTo(first.status()).contains(RequestStatus.APPROVED);
      assertThat(again.requireRequest().status()).isEqualTo(RequestStatus.ACTIVE);
      Outcome otherKey = engine.handle(f.approve(id, OWNER2));
      assertThat(otherKey.result()).isEqualTo(Result.REJECTED);
      for (GrantStep step : f.load(id).steps()) {
        assertThat(f.okta.grantCount(step) + f.db.grantCount(step) + f.k8s.grantCount(step))
            .isEqualTo(1);
      }
    }

    @Test
    @DisplayName("repeating a submission key returns the first request instead of creating another")
    void repeatedSubmission() {
      Command.Submit submit = f.submitProd();
      Outcome first = engine.handle(submit);
      Outcome again = engine.handle(submit);
      assertThat(again.result()).isEqualTo(Result.DUPLICATE);
      assertThat(again.requireRequest().id()).isEqualTo(first.requireRequest().id());
      assertThat(f.store.findByRequester(REQUESTER, Set.of(RequestStatus.values()), 10)).hasSize(1);
    }

    @Test
    @DisplayName("someone else's submission key is refused and shows nothing of the first request")
    void submissionKeyOfAnotherPerson() {
      Command.Submit mine = f.submitProd();
      engine.handle(mine);

      Outcome theirs =
          engine.handle(
              new Command.Submit(
                  DEV, PROD, READ, Duration.ofHours(1), JUSTIFICATION, "INC-42", mine.key()));

      assertThat(theirs.result()).isEqualTo(Result.REJECTED);
      assertThat(theirs.rejection()).contains(Rejection.KEY_IN_USE);
      assertThat(theirs.request()).isEmpty();
      assertThat(f.store.findByRequester(DEV, Set.of(RequestStatus.values()), 10)).isEmpty();
    }
  }

  @Nested
  class Submission {
    private Outcome submit(UserId who, String resource, String duration, String justification) {
      return engine.handle(
          new Command.Submit(
              who,
              new dev.jit.spi.ResourceId(resource),
              READ,
              Duration.parse(duration),
              justification,
              "",
              f.key()));
    }

    @Test
    @DisplayName("what is not in the catalog cannot be requested")
    void defaultDeny() {
      assertThat(submit(REQUESTER, "prod-other", "PT1H", JUSTIFICATION).rejection())
          .contains(Rejection.UNKNOWN_RESOURCE);
      Outcome role =
          engine.handle(
              new Command.Submit(
                  REQUESTER,
                  PROD,
                  new dev.jit.spi.RoleName("admin"),
                  Duration.ofHours(1),
                  JUSTIFICATION,
                  "",
                  f.key()));
      assertThat(role.rejection()).contains(Rejection.UNKNOWN_ROLE);
    }

    @Test
    @DisplayName("a duration above the maximum is rejected, not clamped")
    void durationAboveMax() {
      Outcome o = submit(REQUESTER, "prod-db", "PT5H", JUSTIFICATION);
      assertThat(o.rejection()).contains(Rejection.DURATION_NOT_ALLOWED);
      assertThat(o.message()).contains("5h", "maximum", "4h");
      assertThat(submit(REQUESTER, "prod-db", "PT2H", JUSTIFICATION).rejection())
          .contains(Rejection.DURATION_NOT_ALLOWED);
      assertThat(submit(REQUESTER, "prod-db", "PT4H", JUSTIFICATION).accepted()).isTrue();
    }

    @Test
    @DisplayName("a justification must be long enough and free of control characters")
    void justification() {
      assertThat(submit(REQUESTER, "prod-db", "PT1H", "  because ").rejection())
          .contains(Rejection.INVALID_JUSTIFICATION);
      assertThat(submit(REQUESTER, "prod-db", "PT1H", "incident \u202e reversed text").rejection())
          .contains(Rejection.INVALID_JUSTIFICATION);
    }

    @Test
    @DisplayName("a ticket is one visible word: no hidden formatting, controls or other spaces")
    void ticket() {
      for (String ticket :
          List.of("INC-42\u202egpj.exe", "INC\u200b42", "INC\u00a042", "INC\u008542", "INC 42")) {
        Outcome o =
            engine.handle(
                new Command.Submit(
                    REQUESTER, PROD, READ, Duration.ofHours(1), JUSTIFICATION, ticket, f.key()));
        assertThat(o.rejection()).as(ticket).contains(Rejection.INVALID_TICKET);
      }
      assertThat(engine.handle(f.submitProd()).accepted()).isTrue();
    }

    @Test
    @DisplayName("only allowed requesters may ask, and only with the identities each backend needs")
    void requesterChecks() {
      assertThat(submit(STRANGER, "staging", "PT1H", JUSTIFICATION).rejection())
          .contains(Rejection.NOT_ALLOWED_TO_REQUEST);
      f.directory.user(new UserId("UNOID"), Map.of());
      assertThat(submit(new UserId("UNOID"), "prod-db", "PT1H", JUSTIFICATION).rejection())
          .contains(Rejection.MISSING_IDENTITY);
      f.directory.deactivate(STRANGER);
      assertThat(submit(STRANGER, "prod-db", "PT1H", JUSTIFICATION).rejection())
          .contains(Rejection.INACTIVE_USER);
    }

    @Test
    @DisplayName("a request that cannot reach quorum is refused up front")
    void quorumImpossible() {
      f.directory.deactivate(OWNER2);
      assertThat(submit(OWNER1, "prod-db", "PT1H", JUSTIFICATION).rejection())
          .contains(Rejection.QUORUM_IMPOSSIBLE);
    }

    @Test
    @DisplayName("a second open request for the same access is refused")
    void alreadyOpen() {
      EngineLifecycleTest.this.submit();
      assertThat(submit(REQUESTER, "prod-db", "PT1H", JUSTIFICATION).rejection())
          .contains(Rejection.ALREADY_OPEN);
    }
  }

  @Test
  @DisplayName("a person sees their own requests and the ones waiting for their approval")
  void queriesForPeople() {
    RequestId id = submit();
    assertThat(engine.requestsOf(REQUESTER, Set.of(RequestStatus.PENDING), 10))
        .extracting(AccessRequest::id)
        .containsExactly(id);
    assertThat(engine.awaitingApprovalBy(OWNER1, 10))
        .extracting(AccessRequest::id)
        .containsExactly(id);
    assertThat(engine.awaitingApprovalBy(REQUESTER, 10)).isEmpty();
    assertThat(engine.awaitingApprovalBy(STRANGER, 10)).isEmpty();
    engine.handle(f.approve(id, OWNER1));
    assertThat(engine.awaitingApprovalBy(OWNER1, 10)).isEmpty();
    assertThat(engine.awaitingApprovalBy(OWNER2, 10)).hasSize(1);
  }

  @Test
  @DisplayName("times are kept to the millisecond, the precision every database stores")
  void millisecondTimes() {
    f.clock.set(java.time.Instant.parse("2026-11-25T09:00:00.123456789Z"));
    AccessRequest r = engine.handle(f.submitProd()).requireRequest();
    assertThat(r.createdAt()).isEqualTo(java.time.Instant.parse("2026-11-25T09:00:00.123Z"));
    assertThat(f.audit.read(1, 1).get(0).entry().at()).isEqualTo(r.createdAt());
  }

  @Test
  @DisplayName("a grant call that fails with a retryable error is retried within the bound")
  void retryableGrantFailure() {
    f.db.failNext(Op.GRANT, 2, true);
    RequestId id = submit();
    engine.handle(f.approve(id, OWNER1));
    assertThat(engine.handle(f.approve(id, OWNER2)).requireRequest().status())
        .isEqualTo(RequestStatus.ACTIVE);
  }
}
