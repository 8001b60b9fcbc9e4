package dev.jit.core.internal;

import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryOutbox;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.SampleRequests;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the outbox delivers is decided by the audit log: only what it committed goes out. */
class DeliveriesTest {
  private final MutableClock clock = MutableClock.at(T0);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final Deliveries deliveries =
      new Deliveries(outbox, audit, notifier, clock, Optional.empty());
  private final AccessRequest committed = SampleRequests.pending(id(1), T0);

  @Test
  @DisplayName("a message staged for a change that lost its version to another is dropped, unsent")
  void lostRace() {
    audit.append(SampleRequests.entry(committed, "submitted"));
    AccessRequest loser = committed.toBuilder().justification("the other writer's version").build();

    deliveries.stage(List.of(Commits.about(NotificationKind.PENDING, loser, Set.of(), "")));
    deliveries.deliverDue();

    assertThat(notifier.all()).isEmpty();
    assertThat(outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName("a message whose change is not committed yet waits, and is given up after an hour")
  void notYetCommitted() {
    deliveries.stage(List.of(Commits.about(NotificationKind.PENDING, committed, Set.of(), "")));

    deliveries.deliverDue();
    clock.advance(Duration.ofMinutes(59));
    deliveries.deliverDue();
    assertThat(outbox.waiting(10)).hasSize(1);

    clock.advance(Duration.ofMinutes(2));
    deliveries.deliverDue();
    assertThat(notifier.all()).isEmpty();
    assertThat(outbox.waiting(10)).isEmpty();
  }

  @Test
  @DisplayName("a message waiting for its commit goes out as soon as the change commits")
  void deliveredOnceCommitted() {
    deliveries.stage(List.of(Commits.about(NotificationKind.PENDING, committed, Set.of(), "")));
    deliveries.deliverDue();

    audit.append(SampleRequests.entry(committed, "submitted"));
    clock.advance(Duration.ofSeconds(1));
    deliveries.deliverDue();

    assertThat(notifier.all())
        .extracting(n -> n.request().status())
        .containsExactly(RequestStatus.PENDING);
  }

  @Test
  @DisplayName("retries back off from 1 s, doubling, to at most 5 minutes")
  void backoff() {
    assertThat(Deliveries.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Deliveries.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Deliveries.backoff(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(Deliveries.backoff(40)).isEqualTo(Duration.ofMinutes(5));
  }
}
