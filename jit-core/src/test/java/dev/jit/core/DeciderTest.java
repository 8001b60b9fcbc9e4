package dev.jit.core;

import static dev.jit.testkit.SampleRequests.ALICE;
import static dev.jit.testkit.SampleRequests.BOB;
import static dev.jit.testkit.SampleRequests.CAROL;
import static dev.jit.testkit.SampleRequests.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Decider.Accept;
import dev.jit.core.Decider.Decision;
import dev.jit.core.Decider.Reject;
import dev.jit.core.Lifecycle.ApprovalRecorded;
import dev.jit.core.Lifecycle.Cancelled;
import dev.jit.core.Lifecycle.Denied;
import dev.jit.core.Lifecycle.QuorumReached;
import dev.jit.core.Lifecycle.RevocationStarted;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import dev.jit.testkit.SampleRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision rules as a table: command, request, facts → decision. No engine, no store, no
 * directory: the facts are fixed answers. ALICE requests; BOB and CAROL own the resource; DAVE owns
 * nothing; ERIN is an admin.
 */
class DeciderTest {
  static final UserId DAVE = new UserId("U0DAVE");
  static final UserId ERIN = new UserId("U0ERIN");
  static final Instant NOW = T0.plus(Duration.ofMinutes(5));

  /** Fixed facts: who owns the resource, who is active, who is an admin. */
  record Facts(Instant now, Set<UserId> approvers, Set<UserId> active, Set<UserId> admins)
      implements Decider.Facts {
    static Facts normal() {
      return new Facts(
          NOW, Set.of(BOB, CAROL), Set.of(ALICE, BOB, CAROL, DAVE, ERIN), Set.of(ERIN));
    }

    Facts at(Instant t) {
      return new Facts(t, approvers, active, admins);
    }

    Facts inactive(UserId user) {
      return new Facts(
          now,
          approvers,
          active.stream().filter(u -> !u.equals(user)).collect(java.util.stream.Collectors.toSet()),
          admins);
    }

    Facts notApprover(UserId user) {
      return new Facts(
          now,
          approvers.stream()
              .filter(u -> !u.equals(user))
              .collect(java.util.stream.Collectors.toSet()),
          active,
          admins);
    }

    @Override
    public boolean isApprover(UserId user) {
      return approvers.contains(user);
    }

    @Override
    public boolean isActive(UserId user) {
      return active.contains(user);
    }

    @Override
    public boolean isAdmin(UserId user) {
      return admins.contains(user);
    }
  }

  static AccessRequest pending(int required, UserId... approvedBy) {
    AccessRequest r = SampleRequests.pending(SampleRequests.id(1), T0);
    List<Approval> approvals =
        Stream.of(approvedBy).map(u -> new Approval(u, T0.plusSeconds(60))).toList();
    return r.toBuilder().requiredApprovals(required).approvals(approvals).build();
  }

  static AccessRequest in(RequestStatus status) {
    return SampleRequests.next(pending(1), status);
  }

  static final IdempotencyKey KEY = new IdempotencyKey("k-1");
  static final AccessRequest P1 = pending(1);
  static final AccessRequest P2 = pending(2);
  static final AccessRequest P2_BOB = pending(2, BOB);

  static Command.OnRequest approve(UserId who) {
    return new Command.Approve(P1.id(), who, KEY);
  }

  static Command.OnRequest deny(UserId who) {
    return new Command.Deny(P1.id(), who, "not during the freeze", KEY);
  }

  static Command.OnRequest cancel(UserId who) {
    return new Command.Cancel(P1.id(), who, KEY);
  }

  static Command.OnRequest revoke(UserId who) {
    return new Command.Revoke(P1.id(), who, KEY);
  }

  /** description, command, request, facts, expected: a Rejection or the accepted event's class. */
  static Stream<Arguments> table() {
    Facts f = Facts.normal();
    AccessRequest active = in(RequestStatus.ACTIVE);
    return Stream.of(
        row(
            "an owner's approval that completes the quorum",
            approve(BOB),
            P1,
            f,
            QuorumReached.class),
        row("an owner's approval short of the quorum", approve(BOB), P2, f, ApprovalRecorded.class),
        row(
            "the second distinct approval completes 2 of 2",
            approve(CAROL),
            P2_BOB,
            f,
            QuorumReached.class),
        row("the same owner twice", approve(BOB), P2_BOB, f, Rejection.ALREADY_APPROVED),
        row("the requester approving", approve(ALICE), P1, f, Rejection.SELF_APPROVAL),
        row("a non-owner approving", approve(DAVE), P1, f, Rejection.NOT_AN_APPROVER),
        row("an admin who is no owner approving", approve(ERIN), P1, f, Rejection.NOT_AN_APPROVER),
        row(
            "an inactive owner approving",
            approve(BOB),
            P1,
            f.inactive(BOB),
            Rejection.INACTIVE_USER),
        row(
            "approving for a requester who left",
            approve(BOB),
            P1,
            f.inactive(ALICE),
            Rejection.INACTIVE_USER),
        row(
            "approving at the deadline",
            approve(BOB),
            P1,
            f.at(P1.approvalDeadline()),
            Rejection.NOT_PENDING),
        row(
            "approving a denied request",
            approve(BOB),
            in(RequestStatus.DENIED),
            f,
            Rejection.NOT_PENDING),
        row("approving an active request", approve(BOB), active, f, Rejection.NOT_PENDING),
        row(
            "an earlier approver who left no longer counts",
            approve(CAROL),
            P2_BOB,
            f.inactive(BOB),
            ApprovalRecorded.class),
        row(
            "an earlier approver no longer an owner no longer counts",
            approve(CAROL),
            P2_BOB,
            f.notApprover(BOB),
            ApprovalRecorded.class),
        row("an owner's denial", deny(BOB), P1, f, Denied.class),
        row("the requester denying", deny(ALICE), P1, f, Rejection.SELF_APPROVAL),
        row("a non-owner denying", deny(DAVE), P1, f, Rejection.NOT_AN_APPROVER),
        row("an inactive owner denying", deny(BOB), P1, f.inactive(BOB), Rejection.INACTIVE_USER),
        row(
            "denying a cancelled request",
            deny(BOB),
            in(RequestStatus.CANCELLED),
            f,
            Rejection.NOT_PENDING),
        row("the requester cancelling", cancel(ALICE), P1, f, Cancelled.class),
        row("an owner cancelling", cancel(BOB), P1, f, Rejection.NOT_REQUESTER),
        row(
            "cancelling an approved request",
            cancel(ALICE),
            in(RequestStatus.APPROVED),
            f,
            Rejection.NOT_PENDING),
        row(
            "the requester revoking active access",
            revoke(ALICE),
            active,
            f,
            RevocationStarted.class),
        row("an admin revoking active access", revoke(ERIN), active, f, RevocationStarted.class),
        row(
            "an owner who is no admin revoking",
            revoke(BOB),
            active,
            f,
            Rejection.NOT_ALLOWED_TO_REVOKE),
        row("revoking what is not active", revoke(ALICE), P1, f, Rejection.NOT_ACTIVE));
  }

  static Arguments row(
      String description, Command.OnRequest c, AccessRequest r, Facts f, Object expected) {
    return Arguments.of(description, c, r, f, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  @DisplayName("decides each command on each request as the rules say")
  void decides(String description, Command.OnRequest c, AccessRequest r, Facts f, Object expected) {
    Decision d = Decider.decide(c, r, f);

    if (expected instanceof Rejection why) {
      assertThat(d).isInstanceOfSatisfying(Reject.class, no -> assertThat(no.why()).isEqualTo(why));
    } else {
      assertThat(d)
          .isInstanceOfSatisfying(
              Accept.class, yes -> assertThat(yes.event()).isInstanceOf((Class<?>) expected));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  @DisplayName("every accepted decision is a move the lifecycle allows")
  void acceptedMovesAreLegal(
      String description, Command.OnRequest c, AccessRequest r, Facts f, Object expected) {
    if (Decider.decide(c, r, f) instanceof Accept yes) {
      assertThat(Lifecycle.evolve(r, yes.event(), f.now()).version()).isEqualTo(r.version() + 1);
    }
  }

  @org.junit.jupiter.api.Test
  @DisplayName("approvals that no longer count are dropped and named on the record")
  void droppedApprovalsNamed() {
    Decision d = Decider.decide(approve(CAROL), P2_BOB, Facts.normal().inactive(BOB));

    assertThat(d)
        .isInstanceOfSatisfying(
            Accept.class,
            yes -> {
              assertThat(((ApprovalRecorded) yes.event()).stillCounting()).isEmpty();
              assertThat(yes.detail())
                  .isEqualTo("approvals no longer counted: [" + BOB.value() + "]");
            });
  }

  @org.junit.jupiter.api.Test
  @DisplayName("a blank or over-long denial reason is refused before any request is read")
  void denialReason() {
    assertThat(Decider.checkInput(new Command.Deny(P1.id(), BOB, "  ", KEY)))
        .hasValueSatisfying(r -> assertThat(r.why()).isEqualTo(Rejection.INVALID_REASON));
    assertThat(Decider.checkInput(new Command.Deny(P1.id(), BOB, "x".repeat(501), KEY)))
        .hasValueSatisfying(r -> assertThat(r.why()).isEqualTo(Rejection.INVALID_REASON));
    assertThat(Decider.checkInput(deny(BOB))).isEmpty();
  }
}
