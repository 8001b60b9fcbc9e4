package dev.jit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.Lifecycle.Event;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import dev.jit.testkit.SampleRequests;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
  private static final UserId BOB = new UserId("UBOB");

  private static List<Event> events() {
    Approval approval = new Approval(BOB, AT);
    return List.of(
        new Lifecycle.ApprovalRecorded(approval, List.of()),
        new Lifecycle.QuorumReached(approval, List.of()),
        new Lifecycle.Denied(BOB, "no"),
        new Lifecycle.TimedOut(),
        new Lifecycle.Cancelled(BOB),
        new Lifecycle.StepGranted(0),
        new Lifecycle.Granted(),
        new Lifecycle.GrantFailed(0, "broken"),
        new Lifecycle.UndoAttemptFailed("broken", false),
        new Lifecycle.UndoAttemptFailed("broken", true),
        new Lifecycle.RolledBack(),
        new Lifecycle.RevocationStarted(Optional.empty()),
        new Lifecycle.RevocationStarted(Optional.of(BOB)),
        new Lifecycle.Revoked());
  }

  static Stream<Arguments> everyStateAndEvent() {
    return Stream.of(RequestStatus.values())
        .flatMap(s -> events().stream().map(e -> Arguments.of(s, e)));
  }

  private static AccessRequest in(RequestStatus status) {
    AccessRequest pending =
        SampleRequests.pending(new RequestId("r-1"), AT.minusSeconds(60)).toBuilder()
            .steps(List.of(SampleRequests.step(0), SampleRequests.step(1), SampleRequests.step(2)))
            .build();
    int steps = pending.steps().size();
    return pending.toBuilder()
        .status(status)
        .stepsDone(status == RequestStatus.ACTIVE || status == RequestStatus.REVOKING ? steps : 0)
        .expiresAt(
            status == RequestStatus.PENDING ? Optional.empty() : Optional.of(AT.plusSeconds(3600)))
        .build();
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyStateAndEvent")
  @DisplayName("every event either makes a move the table allows or is refused as illegal")
  void onlyTableMoves(RequestStatus from, Event event) {
    AccessRequest r = in(from);
    AccessRequest next;
    try {
      next = Lifecycle.evolve(r, event, AT);
    } catch (IllegalStateTransitionException refused) {
      return;
    }
    assertThat(Lifecycle.allows(from, next.status())).isTrue();
    assertThat(next.version()).isEqualTo(r.version() + 1);
    if (next.status().isTerminal()) {
      assertThat(next.nextDeadline()).isEmpty();
    }
  }

  @Test
  @DisplayName("nothing leaves a terminal state")
  void terminalIsFinal() {
    for (RequestStatus s : RequestStatus.values()) {
      if (s.isTerminal()) {
        for (Event e : events()) {
          assertThatThrownBy(() -> Lifecycle.evolve(in(s), e, AT))
              .isInstanceOf(IllegalStateTransitionException.class);
        }
      }
    }
  }

  @Test
  @DisplayName("the happy path and the failure paths are all in the table")
  void expectedMoves() {
    assertThat(Lifecycle.evolve(in(RequestStatus.PENDING), events().get(1), AT).status())
        .isEqualTo(RequestStatus.APPROVED);
    assertThat(
            Lifecycle.evolve(in(RequestStatus.APPROVED), new Lifecycle.GrantFailed(0, "x"), AT)
                .status())
        .isEqualTo(RequestStatus.GRANT_FAILED);
    assertThat(
            Lifecycle.evolve(
                    in(RequestStatus.GRANT_FAILED), new Lifecycle.UndoAttemptFailed("x", true), AT)
                .status())
        .isEqualTo(RequestStatus.ROLLBACK_FAILING);
    assertThat(
            Lifecycle.evolve(
                    in(RequestStatus.REVOKING), new Lifecycle.UndoAttemptFailed("x", true), AT)
                .status())
        .isEqualTo(RequestStatus.REVOCATION_FAILING);
    assertThat(Lifecycle.evolve(in(RequestStatus.REVOKING), new Lifecycle.Revoked(), AT).status())
        .isEqualTo(RequestStatus.EXPIRED);
  }

  @Test
  @DisplayName("steps are granted in order, and a request is active only once every step is")
  void stepOrder() {
    AccessRequest approved = in(RequestStatus.APPROVED);
    assertThatThrownBy(() -> Lifecycle.evolve(approved, new Lifecycle.StepGranted(1), AT))
        .isInstanceOf(IllegalStateTransitionException.class);
    assertThatThrownBy(() -> Lifecycle.evolve(approved, new Lifecycle.Granted(), AT))
        .isInstanceOf(IllegalStateTransitionException.class);
  }

  @Test
  @DisplayName("a rollback covers the confirmed steps and the one in flight")
  void stepsPossiblyApplied() {
    AccessRequest r = in(RequestStatus.GRANT_FAILED).toBuilder().stepsDone(1).build();
    assertThat(Lifecycle.stepsPossiblyApplied(r)).isEqualTo(2);
    AccessRequest active = in(RequestStatus.ACTIVE);
    assertThat(Lifecycle.stepsPossiblyApplied(active)).isEqualTo(active.steps().size());
  }
}
