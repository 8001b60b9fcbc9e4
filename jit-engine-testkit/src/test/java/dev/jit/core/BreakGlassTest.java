package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.ADMIN;
import static dev.jit.testkit.engine.EngineWorld.DEV;
import static dev.jit.testkit.engine.EngineWorld.ONCALL;
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
import dev.jit.core.audit.AuditVerifier;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.BreakGlass.Verdict;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Break-glass: emergency access without the owners' quorum, announced loudly, and reviewed by an
 * owner afterwards — a review that escalates again and again until someone records it.
 */
class BreakGlassTest {
  private final EngineWorld f = new EngineWorld();
  private final JitEngine engine = f.engine();

  private RequestId invoke(UserId who) {
    Outcome o = engine.handle(f.breakGlassProd(who, Duration.ofHours(1)));
    assertThat(o.result()).as(o.message()).isEqualTo(Result.ACCEPTED);
    return o.requireRequest().id();
  }

  private Outcome review(RequestId id, UserId who, Verdict verdict, String comment) {
    return engine.handle(new Command.Review(id, who, verdict, comment, f.key()));
  }

  @Nested
  class WhoMayUseIt {
    @Test
    @DisplayName("someone the break-glass policy does not name, by user or group, is refused")
    void stranger() {
      Outcome o = engine.handle(f.breakGlassProd(STRANGER, Duration.ofHours(1)));

      assertThat(o.rejection()).contains(Rejection.NOT_ALLOWED_TO_REQUEST);
      assertThat(o.message()).contains("break-glass");
      assertThat(f.audit.size()).isZero();
      assertThat(f.nothingHeld()).isTrue();
    }

    @Test
    @DisplayName("a member of a named group may use it, as may a named user")
    void groupMember() {
      invoke(DEV);
      invoke(REQUESTER);
    }

    @Test
    @DisplayName(
        "a role without break-glass cannot be broken into, even by someone named elsewhere")
    void roleWithout() {
      Outcome o =
          engine.handle(
              new Command.InvokeBreakGlass(
                  REQUESTER, PROD, READ, Duration.ofMinutes(15), "INC-1 outage", "", f.key()));

      assertThat(o.rejection()).contains(Rejection.NOT_BREAK_GLASS);
      assertThat(f.audit.size()).isZero();
    }
  }

  @Test
  @DisplayName("access is granted at once, without any approval, and expires on time")
  void immediateGrant() {
    Instant now = f.clock.instant();
    RequestId id = invoke(REQUESTER);

    AccessRequest r = f.load(id);
    assertThat(r.status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(r.approvals()).isEmpty();
    assertThat(r.requiredApprovals()).isZero();
    assertThat(r.expiresAt()).contains(now.plus(Duration.ofHours(1)));
    assertThat(f.okta.holdings().orElseThrow()).containsExactly(r.steps().get(0));
    assertThat(f.db.holdings().orElseThrow()).containsExactly(r.steps().get(1));
    assertThat(r.breakGlass().orElseThrow().reviewDue()).contains(now.plus(Duration.ofHours(24)));

    f.advance(Duration.ofHours(1), engine);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.nothingHeld()).isTrue();
  }

  @Test
  @DisplayName("the maximum duration is the break-glass one, refused beyond it, not clamped")
  void maxDuration() {
    Outcome o = engine.handle(f.breakGlassProd(REQUESTER, Duration.ofMinutes(61)));

    assertThat(o.rejection()).contains(Rejection.DURATION_NOT_ALLOWED);
    assertThat(o.message()).contains("break-glass maximum of 1h");
    assertThat(f.audit.size()).isZero();
    assertThat(f.nothingHeld()).isTrue();
  }

  @Test
  @DisplayName("the owners and the security channel are told at once, with the incident")
  void announcements() {
    RequestId id = invoke(REQUESTER);

    Notification loud = f.notifier.of(NotificationKind.BREAK_GLASS).get(0);
    assertThat(loud.recipients()).containsExactlyInAnyOrder(OWNER1, OWNER2, OWNER3);
    assertThat(loud.detail()).contains("INC-77").contains("stuck row");
    assertThat(loud.request().breakGlass().orElseThrow().announceChannel()).isEqualTo("C0SECURITY");
    assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEW_DUE))
        .singleElement()
        .satisfies(
            n -> assertThat(n.recipients()).containsExactlyInAnyOrder(OWNER1, OWNER2, OWNER3));
    assertThat(f.notifier.of(NotificationKind.GRANTED))
        .singleElement()
        .satisfies(n -> assertThat(n.request().id()).isEqualTo(id));
    assertThat(f.notifier.of(NotificationKind.PENDING)).as("nobody is asked to approve").isEmpty();
  }

  @Nested
  class Review {
    @Test
    @DisplayName("an owner's review is recorded with verdict and comment, also after access ended")
    void recorded() {
      RequestId id = invoke(REQUESTER);
      f.advance(Duration.ofHours(2), engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);

      Outcome o = review(id, OWNER2, Verdict.JUSTIFIED, "Matches INC-77, fix confirmed");

      assertThat(o.result()).as(o.message()).isEqualTo(Result.ACCEPTED);
      AccessRequest r = f.load(id);
      assertThat(r.status()).isEqualTo(RequestStatus.EXPIRED);
      BreakGlass.Review done = r.breakGlass().orElseThrow().review().orElseThrow();
      assertThat(done.reviewer()).isEqualTo(OWNER2);
      assertThat(done.verdict()).isEqualTo(Verdict.JUSTIFIED);
      assertThat(done.comment()).isEqualTo("Matches INC-77, fix confirmed");
      assertThat(f.actions(id)).endsWith("break_glass_reviewed");
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEWED)).hasSize(1);
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_NOT_JUSTIFIED)).isEmpty();
    }

    @Test
    @DisplayName(
        "the user of break-glass, a non-owner, an empty comment and a second review are refused")
    void refused() {
      RequestId id = invoke(DEV);

      assertThat(review(id, DEV, Verdict.JUSTIFIED, "it was me").rejection())
          .contains(Rejection.SELF_APPROVAL);
      assertThat(review(id, STRANGER, Verdict.JUSTIFIED, "fine").rejection())
          .contains(Rejection.NOT_AN_APPROVER);
      assertThat(review(id, OWNER1, Verdict.JUSTIFIED, "  ").rejection())
          .contains(Rejection.INVALID_REASON);
      assertThat(review(id, OWNER1, Verdict.JUSTIFIED, "ok").result()).isEqualTo(Result.ACCEPTED);
      assertThat(review(id, OWNER2, Verdict.NOT_JUSTIFIED, "no").rejection())
          .contains(Rejection.NOT_AWAITING_REVIEW);
      assertThat(f.load(id).breakGlass().orElseThrow().review().orElseThrow().reviewer())
          .isEqualTo(OWNER1);
    }

    @Test
    @DisplayName("an ordinary request cannot be reviewed as break-glass")
    void ordinary() {
      RequestId id = engine.handle(f.submitProd()).requireRequest().id();

      assertThat(review(id, OWNER1, Verdict.JUSTIFIED, "ok").rejection())
          .contains(Rejection.NOT_BREAK_GLASS);
    }

    @Test
    @DisplayName("'not justified' is escalated to the admins, with the comment")
    void notJustified() {
      RequestId id = invoke(REQUESTER);

      review(id, OWNER3, Verdict.NOT_JUSTIFIED, "No incident INC-77 exists");

      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_NOT_JUSTIFIED))
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.recipients()).containsExactly(ADMIN);
                assertThat(n.detail()).isEqualTo("No incident INC-77 exists");
                assertThat(n.request().id()).isEqualTo(id);
              });
    }

    @Test
    @DisplayName(
        "a missed review deadline escalates, and again every period, until an owner reviews")
    void missedDeadlineEscalatesRepeatedly() {
      RequestId id = invoke(REQUESTER);
      TimerKey timer = new TimerKey(TimerKind.REVIEW_DUE, id);
      assertThat(f.scheduler.dueAt(timer)).contains(f.clock.instant().plus(Duration.ofHours(24)));

      f.advance(Duration.ofHours(23).plusMinutes(59), engine);
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEW_OVERDUE)).isEmpty();
      f.advance(Duration.ofMinutes(1), engine);
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEW_OVERDUE))
          .singleElement()
          .satisfies(
              n -> assertThat(n.recipients()).contains(ADMIN, OWNER1).doesNotContain(REQUESTER));
      f.advance(Duration.ofHours(4), engine);
      f.advance(Duration.ofHours(4), engine);
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEW_OVERDUE)).hasSize(3);
      assertThat(f.load(id).breakGlass().orElseThrow().escalations()).isEqualTo(3);
      assertThat(f.actions(id).stream().filter("break_glass_review_overdue"::equals)).hasSize(3);

      review(id, OWNER1, Verdict.JUSTIFIED, "Late, but justified");
      f.advance(Duration.ofHours(12), engine);
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEW_OVERDUE)).hasSize(3);
      assertThat(f.scheduler.pending()).doesNotContain(timer);
    }

    @Test
    @DisplayName("a review timer delivered twice or early escalates once")
    void timerIdempotent() {
      RequestId id = invoke(REQUESTER);
      TimerKey timer = new TimerKey(TimerKind.REVIEW_DUE, id);

      engine.onTimer(timer);
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEW_OVERDUE)).isEmpty();
      f.clock.advance(Duration.ofHours(24));
      engine.onTimer(timer);
      engine.onTimer(timer);
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS_REVIEW_OVERDUE)).hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "App Home queries: owners see the use to review until one reviews it, never its user")
  void awaitingReview() {
    RequestId id = invoke(REQUESTER);
    f.advance(Duration.ofHours(2), engine);

    assertThat(engine.awaitingDecisionBy(OWNER2, 10))
        .extracting(AccessRequest::id)
        .containsExactly(id);
    assertThat(engine.awaitingDecisionBy(REQUESTER, 10)).isEmpty();
    assertThat(engine.awaitingDecisionBy(STRANGER, 10)).isEmpty();
    review(id, OWNER1, Verdict.JUSTIFIED, "ok");
    assertThat(engine.awaitingDecisionBy(OWNER2, 10)).isEmpty();
  }

  @Test
  @DisplayName("one's own request for the same access still waiting does not hold up break-glass")
  void pendingDoesNotBlock() {
    engine.handle(f.submitProdWrite(Duration.ofHours(1)));

    RequestId id = invoke(REQUESTER);

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
  }

  @Nested
  class OnCall {
    private RequestId invokeStaging() {
      Outcome o =
          engine.handle(
              new Command.InvokeBreakGlass(
                  REQUESTER,
                  STAGING,
                  READ,
                  Duration.ofHours(2),
                  "INC-9 staging down",
                  "",
                  f.key()));
      assertThat(o.result()).as(o.message()).isEqualTo(Result.ACCEPTED);
      return o.requireRequest().id();
    }

    @Test
    @DisplayName("with an on-call group, one approval by a member grants; owners cannot stand in")
    void oneOnCallApproval() {
      RequestId id = invokeStaging();
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.PENDING);
      assertThat(f.db.holdings().orElseThrow()).isEmpty();
      assertThat(f.notifier.of(NotificationKind.PENDING))
          .singleElement()
          .satisfies(n -> assertThat(n.recipients()).containsExactly(ONCALL));
      assertThat(f.notifier.of(NotificationKind.BREAK_GLASS)).hasSize(1);

      assertThat(engine.awaitingApprovalBy(ONCALL, 10))
          .extracting(AccessRequest::id)
          .containsExactly(id);
      assertThat(engine.awaitingApprovalBy(OWNER1, 10)).isEmpty();
      assertThat(engine.handle(f.approve(id, OWNER1)).rejection())
          .contains(Rejection.NOT_AN_APPROVER);
      assertThat(engine.handle(f.approve(id, REQUESTER)).rejection())
          .contains(Rejection.SELF_APPROVAL);
      Outcome o = engine.handle(f.approve(id, ONCALL));

      assertThat(o.requireRequest().status()).isEqualTo(RequestStatus.ACTIVE);
      assertThat(f.load(id).approvers()).containsExactly(ONCALL);
      assertThat(f.audit.forRequest(id, 0).get(1).entry().actor()).isEqualTo(ONCALL.value());
      assertThat(f.actions(id).get(1)).isEqualTo("break_glass_approved");
    }

    @Test
    @DisplayName("a member of the on-call group can deny it; an owner cannot")
    void onCallDenies() {
      RequestId id = invokeStaging();

      assertThat(engine.handle(new Command.Deny(id, OWNER1, "no", f.key())).rejection())
          .contains(Rejection.NOT_AN_APPROVER);
      engine.handle(new Command.Deny(id, ONCALL, "Not an incident", f.key()));

      assertThat(f.load(id).status()).isEqualTo(RequestStatus.DENIED);
      assertThat(f.db.holdings().orElseThrow()).isEmpty();
    }
  }

  @Nested
  class AuditTrail {
    @Test
    @DisplayName("break-glass records are distinct from normal grants and verify as legal history")
    void distinct() {
      RequestId normal = engine.handle(f.submitProd()).requireRequest().id();
      engine.handle(f.approve(normal, OWNER1));
      engine.handle(f.approve(normal, OWNER2));
      RequestId glass = invoke(REQUESTER);
      review(glass, OWNER1, Verdict.NOT_JUSTIFIED, "no ticket");

      assertThat(f.actions(glass))
          .containsExactly(
              "break_glass_requested",
              "break_glass_approved",
              "step_attempted",
              "step_granted",
              "step_attempted",
              "step_granted",
              "granted",
              "break_glass_reviewed");
      assertThat(f.actions(normal)).noneMatch(a -> a.startsWith("break_glass"));
      assertThat(f.audit.forRequest(glass, 0))
          .allSatisfy(rec -> assertThat(rec.entry().request().isBreakGlass()).isTrue());
      assertThat(f.audit.forRequest(normal, 0))
          .noneSatisfy(rec -> assertThat(rec.entry().request().isBreakGlass()).isTrue());
      assertThat(AuditVerifier.verify(f.audit, Optional.of(f.policy)).intact()).isTrue();
    }

    @Test
    @DisplayName("a forged record that turns an ordinary request into break-glass is refused")
    void forgedBreakGlass() {
      RequestId id = engine.handle(f.submitProd()).requireRequest().id();
      AccessRequest r = f.load(id);
      AccessRequest forged =
          r.toBuilder()
              .version(2)
              .status(RequestStatus.APPROVED)
              .requiredApprovals(0)
              .breakGlass(
                  Optional.of(
                      BreakGlass.invoked(
                              "C0SECURITY",
                              Optional.empty(),
                              Duration.ofHours(1),
                              Duration.ofHours(1))
                          .withReviewDue(f.clock.instant().plus(Duration.ofHours(1)))))
              .expiresAt(Optional.of(f.clock.instant().plus(r.duration())))
              .build();
      f.audit.append(
          new AuditEntry(f.clock.instant(), "break_glass_approved", "system", "", forged));

      assertThat(engine.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
      assertThat(AuditVerifier.verify(f.audit).problem()).contains("changed");
      assertThat(f.okta.calls()).isEmpty();
    }

    @Test
    @DisplayName("a forged review by the user of break-glass is refused")
    void forgedSelfReview() {
      RequestId id = invoke(REQUESTER);
      AccessRequest r = f.load(id);
      BreakGlass bg = r.breakGlass().orElseThrow();
      AccessRequest forged =
          r.toBuilder()
              .version(r.version() + 1)
              .breakGlass(
                  Optional.of(
                      bg.withReview(
                          new BreakGlass.Review(
                              REQUESTER, Verdict.JUSTIFIED, "me", f.clock.instant()))))
              .build();
      f.audit.append(
          new AuditEntry(f.clock.instant(), "break_glass_reviewed", REQUESTER.value(), "", forged));

      assertThat(engine.find(id).orElseThrow().version()).isEqualTo(r.version());
      assertThat(AuditVerifier.verify(f.audit).problem()).contains("their own break-glass use");
    }
  }

  static List<String> kinds(List<Notification> ns) {
    return ns.stream().map(n -> n.kind().name()).toList();
  }
}
