package dev.jit.testkit;

import static dev.jit.testkit.SampleRequests.ALICE;
import static dev.jit.testkit.SampleRequests.BOB;
import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Outbox;
import dev.jit.spi.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract of {@link Outbox}. Subclass it and return a fresh, empty outbox. */
public abstract class OutboxContract {
  private static final Duration LEASE = Duration.ofSeconds(30);

  protected abstract Outbox createOutbox();

  protected Outbox outbox;

  @BeforeEach
  void createOutboxUnderTest() {
    outbox = createOutbox();
  }

  private static OutboxMessage message(int request, NotificationKind kind, Instant at) {
    AccessRequest r = SampleRequests.pending(id(request), T0);
    return OutboxMessage.of(new Notification(kind, r, Set.of(BOB), ""), at);
  }

  private List<String> claimKeys(String claimant, Instant now) {
    return outbox.claim(claimant, now, LEASE, 100).stream().map(OutboxMessage::key).toList();
  }

  @Nested
  @DisplayName("adding and claiming")
  class Claiming {
    @Test
    @DisplayName("a claimed message comes back as added, with one attempt counted")
    void roundTrip() {
      AccessRequest full = SampleRequests.fullyPopulated(id(1), T0);
      Notification n =
          new Notification(
              NotificationKind.FAILED, full, Set.of(ALICE, BOB), "“quoted” 日本語\nline", "k/1");
      outbox.add(OutboxMessage.of(n, T0));

      List<OutboxMessage> claimed = outbox.claim("a", T0, LEASE, 10);

      assertThat(claimed).containsExactly(new OutboxMessage(n, T0, 1, T0));
    }

    @Test
    @DisplayName("adding a key that is waiting already changes nothing")
    void idempotent() {
      OutboxMessage m = message(1, NotificationKind.PENDING, T0);
      outbox.add(m);
      outbox.add(m);

      assertThat(outbox.waiting(10)).containsExactly(m);
    }

    @Test
    @DisplayName("a message is not claimed before its notBefore")
    void notBefore() {
      outbox.add(message(1, NotificationKind.PENDING, T0.plusSeconds(5)));

      assertThat(claimKeys("a", T0.plusSeconds(4))).isEmpty();
      assertThat(claimKeys("a", T0.plusSeconds(5))).hasSize(1);
    }

    @Test
    @DisplayName("messages of different requests are claimed oldest first, up to the limit")
    void oldestFirst() {
      OutboxMessage a = message(1, NotificationKind.PENDING, T0);
      OutboxMessage b = message(2, NotificationKind.PENDING, T0);
      OutboxMessage c = message(3, NotificationKind.PENDING, T0);
      outbox.add(a);
      outbox.add(b);
      outbox.add(c);

      assertThat(outbox.claim("x", T0, LEASE, 2).stream().map(OutboxMessage::key))
          .containsExactly(a.key(), b.key());
    }
  }

  @Nested
  @DisplayName("claims")
  class Claims {
    @Test
    @DisplayName("a claimed message is not claimed again until its lease ends, then by anyone")
    void lease() {
      OutboxMessage m = message(1, NotificationKind.PENDING, T0);
      outbox.add(m);
      assertThat(claimKeys("a", T0)).containsExactly(m.key());

      assertThat(claimKeys("b", T0.plus(LEASE).minusMillis(1))).isEmpty();
      List<OutboxMessage> taken = outbox.claim("b", T0.plus(LEASE), LEASE, 10);
      assertThat(taken).extracting(OutboxMessage::attempts).containsExactly(2);
    }

    @Test
    @DisplayName("of instances claiming at the same moment, each message goes to one")
    void concurrent() throws Exception {
      for (int i = 1; i <= 20; i++) {
        outbox.add(message(i, NotificationKind.PENDING, T0));
      }

      List<List<String>> claimed = Race.run(4, i -> () -> claimKeys("claimant-" + i, T0));

      Set<String> all = new HashSet<>();
      int total = 0;
      for (List<String> keys : claimed) {
        all.addAll(keys);
        total += keys.size();
      }
      assertThat(total).isEqualTo(20);
      assertThat(all).hasSize(20);
    }

    @Test
    @DisplayName("a released message is due again at its new notBefore and claimable by anyone")
    void release() {
      OutboxMessage m = message(1, NotificationKind.PENDING, T0);
      outbox.add(m);
      claimKeys("a", T0);

      outbox.release(m.key(), "a", T0.plusSeconds(8));

      assertThat(claimKeys("b", T0.plusSeconds(7))).isEmpty();
      assertThat(claimKeys("b", T0.plusSeconds(8))).containsExactly(m.key());
    }

    @Test
    @DisplayName("only the holder of a claim can release it")
    void releaseByOther() {
      OutboxMessage m = message(1, NotificationKind.PENDING, T0);
      outbox.add(m);
      claimKeys("a", T0);

      outbox.release(m.key(), "b", T0);

      assertThat(claimKeys("c", T0.plusSeconds(1))).isEmpty();
    }

    @Test
    @DisplayName("a removed message is gone; removing a missing key does nothing")
    void remove() {
      OutboxMessage m = message(1, NotificationKind.PENDING, T0);
      outbox.add(m);
      claimKeys("a", T0);

      outbox.remove(m.key());
      outbox.remove("no-such-key");

      assertThat(outbox.waiting(10)).isEmpty();
      assertThat(claimKeys("a", T0.plus(LEASE))).isEmpty();
    }
  }

  @Nested
  @DisplayName("order per request")
  class Order {
    @Test
    @DisplayName("only the oldest waiting message of a request is claimed; the next after it goes")
    void oneAtATime() {
      OutboxMessage first = message(1, NotificationKind.PENDING, T0);
      OutboxMessage second = message(1, NotificationKind.APPROVED, T0);
      OutboxMessage other = message(2, NotificationKind.PENDING, T0);
      outbox.add(first);
      outbox.add(second);
      outbox.add(other);

      assertThat(claimKeys("a", T0)).containsExactly(first.key(), other.key());
      assertThat(claimKeys("b", T0.plus(LEASE).minusMillis(1))).isEmpty();
      outbox.remove(first.key());
      assertThat(claimKeys("b", T0)).containsExactly(second.key());
    }

    @Test
    @DisplayName("a new message makes the held-back messages of its request due at once")
    void newMessageRetriesOlder() {
      OutboxMessage first = message(1, NotificationKind.PENDING, T0);
      OutboxMessage elsewhere = message(2, NotificationKind.PENDING, T0);
      outbox.add(first);
      outbox.add(elsewhere);
      claimKeys("a", T0);
      outbox.release(first.key(), "a", T0.plusSeconds(60));
      outbox.release(elsewhere.key(), "a", T0.plusSeconds(60));

      outbox.add(message(1, NotificationKind.APPROVED, T0.plusSeconds(1)));

      assertThat(claimKeys("a", T0.plusSeconds(1))).containsExactly(first.key());
    }

    @Test
    @DisplayName("waiting lists claimed and unclaimed messages, oldest first")
    void waiting() {
      OutboxMessage a = message(1, NotificationKind.PENDING, T0);
      OutboxMessage b = message(2, NotificationKind.PENDING, T0);
      outbox.add(a);
      outbox.add(b);
      claimKeys("x", T0);

      assertThat(outbox.waiting(10))
          .extracting(OutboxMessage::key)
          .containsExactly(a.key(), b.key());
      assertThat(outbox.waiting(1)).hasSize(1);
    }
  }
}
