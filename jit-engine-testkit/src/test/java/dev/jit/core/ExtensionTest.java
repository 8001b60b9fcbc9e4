package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.OWNER3;
import static dev.jit.testkit.engine.EngineWorld.REQUESTER;
import static dev.jit.testkit.engine.EngineWorld.STAGING;
import static dev.jit.testkit.engine.EngineWorld.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Outcome.Result;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Directory;
import dev.jit.spi.GroupId;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import dev.jit.spi.UserProfile;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Extending active access: the holder asks before it ends, owners approve like any approval, the
 * total stays within the policy's maximum, and the scheduled revocation and the backends' own
 * expiry move only when the extension is approved — never for access whose expiry has passed.
 */
class ExtensionTest {
  private final EngineWorld f = new EngineWorld();
  private final JitEngine engine = f.engine();

  private RequestId active() {
    RequestId id = engine.handle(f.submitProd()).requireRequest().id();
    engine.handle(f.approve(id, OWNER1));
    engine.handle(f.approve(id, OWNER2));
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    return id;
  }

  private Outcome extend(JitEngine e, RequestId id, UserId who, Duration by) {
    return e.handle(new Command.Extend(id, who, by, f.key()));
  }

  private Outcome approve(JitEngine e, RequestId id, UserId who) {
    return e.handle(new Command.ApproveExtension(id, who, f.key()));
  }

  private Instant expiry(RequestId id) {
    return f.load(id).expiresAt().orElseThrow();
  }

  @Nested
  class Approvals {
    @Test
    @DisplayName("the holder cannot approve their own extension, nor can a non-owner")
    void selfAndStranger() {
      RequestId id = active();
      extend(engine, id, REQUESTER, Duration.ofHours(1));

      assertThat(approve(engine, id, REQUESTER).rejection()).contains(Rejection.SELF_APPROVAL);
      assertThat(approve(engine, id, STRANGER).rejection()).contains(Rejection.NOT_AN_APPROVER);
      assertThat(f.load(id).extension().orElseThrow().approvals()).isEmpty();
    }

    @Test
    @DisplayName("only the holder may ask, and only for active access")
    void onlyTheHolder() {
      RequestId id = active();

      assertThat(extend(engine, id, OWNER1, Duration.ofHours(1)).rejection())
          .contains(Rejection.NOT_REQUESTER);
      RequestId pending =
          engine.handle(f.submitProdWrite(Duration.ofHours(1))).requireRequest().id();
      assertThat(extend(engine, pending, REQUESTER, Duration.ofHours(1)).rejection())
          .contains(Rejection.NOT_ACTIVE);
    }

    @Test
    @DisplayName("a resource whose policy names no extension approvals cannot be extended")
    void notAllowed() {
      RequestId id =
          engine
              .handle(
                  new Command.Submit(
                      REQUESTER,
                      STAGING,
                      EngineWorld.READ,
                      Duration.ofHours(1),
                      EngineWorld.JUSTIFICATION,
                      "",
                      f.key()))
              .requireRequest()
              .id();
      engine.handle(f.approve(id, OWNER1));

      assertThat(extend(engine, id, REQUESTER, Duration.ofHours(1)).rejection())
          .contains(Rejection.EXTENSION_NOT_ALLOWED);
    }

    @Test
    @DisplayName("with two approvals needed: distinct owners, and one who left no longer counts")
    void distinctAndActive() {
      EngineWorld w = twoApprovalWorld();
      JitEngine e = w.engine();
      RequestId id = e.handle(w.submitProd()).requireRequest().id();
      e.handle(w.approve(id, OWNER1));
      e.handle(w.approve(id, OWNER2));
      Instant before = w.load(id).expiresAt().orElseThrow();
      e.handle(new Command.Extend(id, REQUESTER, Duration.ofHours(1), w.key()));

      e.handle(new Command.ApproveExtension(id, OWNER1, w.key()));
      Outcome twice = e.handle(new Command.ApproveExtension(id, OWNER1, w.key()));
      assertThat(twice.rejection()).contains(Rejection.ALREADY_APPROVED);
      w.directory.deactivate(OWNER1);
      Outcome second = e.handle(new Command.ApproveExtension(id, OWNER2, w.key()));

      assertThat(second.result()).isEqualTo(Result.ACCEPTED);
      AccessRequest r = w.load(id);
      assertThat(r.expiresAt()).contains(before);
      assertThat(r.extension().orElseThrow().approvers()).containsExactly(OWNER2);
      e.handle(new Command.ApproveExtension(id, OWNER3, w.key()));
      assertThat(w.load(id).expiresAt()).contains(before.plus(Duration.ofHours(1)));
      assertThat(AuditVerifier.verify(w.audit, Optional.of(w.policy)).intact()).isTrue();
    }
  }

  @Test
  @DisplayName("the total never exceeds the maximum: refused, not clamped")
  void totalMaxEnforced() {
    RequestId id = active();
    Instant before = expiry(id);

    Outcome tooLong = extend(engine, id, REQUESTER, Duration.ofHours(3).plusMinutes(1));
    assertThat(tooLong.rejection()).contains(Rejection.DURATION_NOT_ALLOWED);
    assertThat(tooLong.message()).contains("maximum of 4h");
    assertThat(f.load(id).extension()).isEmpty();

    extend(engine, id, REQUESTER, Duration.ofHours(3));
    approve(engine, id, OWNER3);
    assertThat(expiry(id)).isEqualTo(before.plus(Duration.ofHours(3)));
    assertThat(f.load(id).totalDuration()).isEqualTo(Duration.ofHours(4));
    assertThat(extend(engine, id, REQUESTER, Duration.ofMinutes(1)).rejection())
        .contains(Rejection.DURATION_NOT_ALLOWED);
  }

  @Test
  @DisplayName("on approval the scheduled revocation and the backends' own expiry move")
  void expiryMoves() {
    RequestId id = active();
    Instant before = expiry(id);
    AccessRequest r = f.load(id);
    assertThat(f.db.expiryOf(r.steps().get(1))).contains(before);

    extend(engine, id, REQUESTER, Duration.ofHours(1));
    assertThat(f.notifier.of(NotificationKind.EXTENSION_REQUESTED))
        .singleElement()
        .satisfies(
            n -> assertThat(n.recipients()).containsExactlyInAnyOrder(OWNER1, OWNER2, OWNER3));
    assertThat(engine.awaitingDecisionBy(OWNER3, 10))
        .extracting(AccessRequest::id)
        .containsExactly(id);
    assertThat(engine.awaitingDecisionBy(REQUESTER, 10)).isEmpty();
    Outcome o = approve(engine, id, OWNER3);
    assertThat(engine.awaitingDecisionBy(OWNER3, 10)).isEmpty();

    Instant after = before.plus(Duration.ofHours(1));
    assertThat(o.result()).isEqualTo(Result.ACCEPTED);
    assertThat(expiry(id)).isEqualTo(after);
    assertThat(f.scheduler.dueAt(new TimerKey(TimerKind.EXPIRY, id))).contains(after);
    assertThat(f.scheduler.dueAt(new TimerKey(TimerKind.EXPIRY_WARNING, id)))
        .contains(after.minus(f.settings.expiryWarning()));
    for (var step : r.steps()) {
      var backend =
          step.backend().equals("okta-group")
              ? f.okta
              : step.backend().equals("db-role") ? f.db : f.k8s;
      assertThat(backend.expiryOf(step)).as(step.backend()).contains(after);
    }
    assertThat(f.notifier.of(NotificationKind.EXTENDED)).hasSize(1);
    assertThat(f.actions(id)).endsWith("extension_requested", "extended");

    f.advance(Duration.between(f.clock.instant(), before), engine);
    assertThat(f.load(id).status()).as("the old expiry passes").isEqualTo(RequestStatus.ACTIVE);
    assertThat(f.nothingHeld()).isFalse();
    f.advance(Duration.ofHours(1), engine);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.nothingHeld()).isTrue();
    assertThat(AuditVerifier.verify(f.audit, Optional.of(f.policy)).intact()).isTrue();
  }

  @Test
  @DisplayName("a denied extension leaves the expiry, its timer and the native expiry untouched")
  void denialLeavesExpiry() {
    RequestId id = active();
    Instant before = expiry(id);
    AccessRequest r = f.load(id);
    extend(engine, id, REQUESTER, Duration.ofHours(1));

    assertThat(approve(engine, id, OWNER1).result()).isEqualTo(Result.ACCEPTED);
    // extensionApprovals is 1: the first owner's approval extended it; ask again and deny
    extend(engine, id, REQUESTER, Duration.ofHours(1));
    Instant extended = expiry(id);
    Outcome no = engine.handle(new Command.DenyExtension(id, OWNER2, "Finish tomorrow", f.key()));

    assertThat(no.result()).isEqualTo(Result.ACCEPTED);
    assertThat(extended).isEqualTo(before.plus(Duration.ofHours(1)));
    assertThat(expiry(id)).isEqualTo(extended);
    assertThat(f.load(id).extension()).isEmpty();
    assertThat(f.scheduler.dueAt(new TimerKey(TimerKind.EXPIRY, id))).contains(extended);
    assertThat(f.db.expiryOf(r.steps().get(1))).contains(extended);
    assertThat(f.notifier.of(NotificationKind.EXTENSION_DENIED))
        .singleElement()
        .satisfies(n -> assertThat(n.detail()).isEqualTo("Finish tomorrow"));
    assertThat(f.actions(id)).endsWith("extension_denied");
  }

  @Test
  @DisplayName("an extension nobody decides lapses; the original expiry stands")
  void timedOutLeavesExpiry() {
    RequestId id = active();
    Instant before = expiry(id);
    extend(engine, id, REQUESTER, Duration.ofHours(1));

    f.advance(Duration.ofMinutes(30), engine);

    assertThat(f.load(id).extension()).isEmpty();
    assertThat(f.actions(id)).endsWith("extension_lapsed");
    assertThat(expiry(id)).isEqualTo(before);
    assertThat(approve(engine, id, OWNER1).rejection()).contains(Rejection.NO_EXTENSION);
    f.advance(Duration.ofMinutes(30), engine);
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
  }

  @Nested
  class RacingTheExpiry {
    @Test
    @DisplayName("past the expiry, before its timer ran, an extension is refused and access ends")
    void expiredButNotYetRevoked() {
      RequestId id = active();
      Instant before = expiry(id);
      extend(engine, id, REQUESTER, Duration.ofMinutes(30));
      f.clock.advance(Duration.between(f.clock.instant(), before));

      Outcome late = approve(engine, id, OWNER1);

      assertThat(late.rejection()).contains(Rejection.NOT_ACTIVE);
      assertThat(expiry(id)).isEqualTo(before);
      f.deliverDue(engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
      assertThat(f.nothingHeld()).isTrue();
    }

    @Test
    @DisplayName(
        "the expiry commits while an approval is being decided: the approval loses, access ends")
    void expiryWinsTheRace() {
      RequestId id = active();
      Instant before = expiry(id);
      f.advance(Duration.between(f.clock.instant(), before).minusMinutes(10), engine);
      extend(engine, id, REQUESTER, Duration.ofMinutes(30));
      assertThat(f.load(id).extension().orElseThrow().deadline()).isEqualTo(before);
      f.clock.advance(Duration.between(f.clock.instant(), before).minusMillis(1));
      JitEngine expirer = f.engine();
      AtomicBoolean fired = new AtomicBoolean();
      Directory racing =
          new Directory() {
            @Override
            public Optional<UserProfile> user(UserId user) {
              if (user.equals(OWNER1) && fired.compareAndSet(false, true)) {
                // while the approval is being decided, the expiry arrives and commits first
                f.clock.advance(Duration.ofMillis(1));
                f.deliverDue(expirer);
              }
              return f.directory.user(user);
            }

            @Override
            public Set<UserId> members(GroupId group) {
              return f.directory.members(group);
            }
          };
      JitEngine approver =
          f.parts().directory(racing).backend(f.okta).backend(f.db).backend(f.k8s).build();

      Outcome o = approve(approver, id, OWNER1);

      assertThat(fired).isTrue();
      assertThat(o.rejection()).contains(Rejection.NOT_ACTIVE);
      AccessRequest r = f.load(id);
      assertThat(r.status()).isEqualTo(RequestStatus.EXPIRED);
      assertThat(r.expiresAt()).contains(before);
      assertThat(f.actions(id)).doesNotContain("extended");
      assertThat(f.nothingHeld()).isTrue();
    }

    @Test
    @DisplayName("the extension commits first: the old expiry's timer finds nothing due")
    void extensionWinsTheRace() {
      RequestId id = active();
      Instant before = expiry(id);
      f.advance(Duration.between(f.clock.instant(), before).minusMinutes(10), engine);
      extend(engine, id, REQUESTER, Duration.ofMinutes(30));
      assertThat(f.load(id).extension().orElseThrow().deadline()).isEqualTo(before);
      f.clock.advance(Duration.between(f.clock.instant(), before).minusMillis(1));
      approve(engine, id, OWNER1);

      f.clock.advance(Duration.ofMillis(1));
      engine.onTimer(new TimerKey(TimerKind.EXPIRY, id));
      engine.sweep();

      assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
      f.advance(Duration.ofMinutes(30), engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
      assertThat(f.nothingHeld()).isTrue();
    }
  }

  @Test
  @DisplayName("a forged 'extended' record without a pending, approved extension is refused")
  void forgedExtended() {
    RequestId id = active();
    AccessRequest r = f.load(id);
    AccessRequest forged =
        r.toBuilder()
            .version(r.version() + 1)
            .expiresAt(Optional.of(r.expiresAt().orElseThrow().plus(Duration.ofHours(3))))
            .extendedBy(Duration.ofHours(3))
            .build();
    f.audit.append(
        new dev.jit.spi.AuditEntry(f.clock.instant(), "extended", OWNER1.value(), "", forged));

    assertThat(engine.find(id).orElseThrow().expiresAt()).isEqualTo(r.expiresAt());
    assertThat(AuditVerifier.verify(f.audit).problem()).contains("without a pending extension");
  }

  private static EngineWorld twoApprovalWorld() {
    EngineWorld w =
        new EngineWorld(
            EngineWorld.POLICY.replace("extensionApprovals: 1", "extensionApprovals: 2"));
    for (UserId u : List.of(REQUESTER, OWNER1, OWNER2, OWNER3, STRANGER)) {
      w.person(u);
    }
    return w;
  }
}
