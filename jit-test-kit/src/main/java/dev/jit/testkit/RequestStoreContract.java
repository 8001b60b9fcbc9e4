package dev.jit.testkit;

import static dev.jit.testkit.SampleRequests.ALICE;
import static dev.jit.testkit.SampleRequests.BOB;
import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static dev.jit.testkit.SampleRequests.next;
import static dev.jit.testkit.SampleRequests.pending;
import static dev.jit.testkit.SampleRequests.withNextDeadline;
import static dev.jit.testkit.SampleRequests.withReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.StaleVersionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RequestStore}. Subclass it and implement {@link #createStore()} to run it
 * against an implementation.
 */
public abstract class RequestStoreContract {

  /** A new, empty store; called before every test. */
  protected abstract RequestStore createStore();

  protected RequestStore store;

  @BeforeEach
  void createStoreUnderTest() {
    store = createStore();
  }

  private AccessRequest saved(AccessRequest request) {
    store.save(request);
    return request;
  }

  @Nested
  @DisplayName("saving")
  class Saving {

    @Test
    @DisplayName("a new request is found exactly as it was saved")
    void saveThenFind() {
      AccessRequest v1 = saved(pending(id(1), T0));

      assertThat(store.find(id(1))).contains(v1);
    }

    @Test
    @DisplayName("saving version 1 of an existing id fails as stale and keeps the first")
    void insertTwice() {
      AccessRequest v1 = saved(pending(id(1), T0));
      AccessRequest other = withReason(v1, "other").toBuilder().version(1).build();

      assertThatThrownBy(() -> store.save(other)).isInstanceOf(StaleVersionException.class);
      assertThat(store.find(id(1))).contains(v1);
    }

    @Test
    @DisplayName("the next version replaces the stored one")
    void update() {
      AccessRequest v1 = saved(pending(id(1), T0));
      AccessRequest v2 = saved(next(v1, RequestStatus.APPROVED));

      assertThat(store.find(id(1))).contains(v2);
    }

    @Test
    @DisplayName("a stale write fails and never overwrites")
    void staleWrite() {
      AccessRequest v1 = saved(pending(id(1), T0));
      AccessRequest v2 = saved(next(v1, RequestStatus.APPROVED));
      AccessRequest rivalV2 = next(v1, RequestStatus.CANCELLED);

      assertThatThrownBy(() -> store.save(rivalV2)).isInstanceOf(StaleVersionException.class);
      assertThat(store.find(id(1))).contains(v2);
    }

    @Test
    @DisplayName("a write that skips a version fails and never overwrites")
    void skippedVersion() {
      AccessRequest v1 = saved(pending(id(1), T0));
      AccessRequest v3 = next(next(v1, RequestStatus.APPROVED), RequestStatus.ACTIVE);

      assertThatThrownBy(() -> store.save(v3)).isInstanceOf(StaleVersionException.class);
      assertThat(store.find(id(1))).contains(v1);
    }

    @Test
    @DisplayName("a later version of a request that was never saved fails and stores nothing")
    void updateOfUnknown() {
      AccessRequest v2 = next(pending(id(1), T0), RequestStatus.APPROVED);

      assertThatThrownBy(() -> store.save(v2)).isInstanceOf(StaleVersionException.class);
      assertThat(store.find(id(1))).isEmpty();
    }

    @Test
    @DisplayName("an unknown id finds nothing")
    void findUnknown() {
      saved(pending(id(1), T0));

      assertThat(store.find(id(2))).isEmpty();
    }

    @Test
    @DisplayName("a break-glass request with its review and a pending extension reads back exactly")
    void breakGlassAndExtension() {
      AccessRequest full =
          saved(SampleRequests.breakGlassExtended(id(1), T0).toBuilder().version(1).build());

      assertThat(store.find(id(1))).contains(full);
    }

    @Test
    @DisplayName("requests are kept apart by id")
    void independentIds() {
      AccessRequest a = saved(pending(id(1), T0));
      AccessRequest b = saved(next(saved(pending(id(2), T0)), RequestStatus.DENIED));

      assertThat(store.find(id(1))).contains(a);
      assertThat(store.find(id(2))).contains(b);
    }
  }

  @Nested
  @DisplayName("finding by status")
  class FindByStatus {

    @Test
    @DisplayName("returns the requests in any of the statuses, ordered by id")
    void filtersAndOrders() {
      saved(next(saved(pending(id(5), T0)), RequestStatus.ACTIVE));
      saved(pending(id(3), T0));
      saved(next(saved(pending(id(4), T0)), RequestStatus.DENIED));
      saved(next(saved(pending(id(1), T0)), RequestStatus.REVOKING));
      saved(pending(id(2), T0));

      List<AccessRequest> found =
          store.findByStatus(
              EnumSet.of(RequestStatus.PENDING, RequestStatus.ACTIVE), Optional.empty(), 100);

      assertThat(found).extracting(AccessRequest::id).containsExactly(id(2), id(3), id(5));
    }

    @Test
    @DisplayName("matches the latest snapshot only")
    void latestSnapshot() {
      saved(next(saved(pending(id(1), T0)), RequestStatus.APPROVED));

      assertThat(store.findByStatus(Set.of(RequestStatus.PENDING), Optional.empty(), 10)).isEmpty();
      assertThat(store.findByStatus(Set.of(RequestStatus.APPROVED), Optional.empty(), 10))
          .extracting(AccessRequest::version)
          .containsExactly(2L);
    }

    @Test
    @DisplayName("pages by id: after is exclusive and limit caps each page")
    void keysetPaging() {
      for (int n = 25; n >= 1; n--) {
        saved(pending(id(n), T0));
      }
      saved(next(saved(pending(id(26), T0)), RequestStatus.EXPIRED));

      List<RequestId> all = new ArrayList<>();
      Optional<RequestId> after = Optional.empty();
      int pages = 0;
      while (true) {
        List<AccessRequest> page = store.findByStatus(Set.of(RequestStatus.PENDING), after, 10);
        assertThat(page).hasSizeLessThanOrEqualTo(10);
        if (page.isEmpty()) {
          break;
        }
        pages++;
        page.forEach(r -> all.add(r.id()));
        after = Optional.of(page.get(page.size() - 1).id());
        assertThat(pages).as("pages").isLessThanOrEqualTo(3);
      }

      List<RequestId> expected = new ArrayList<>();
      for (int n = 1; n <= 25; n++) {
        expected.add(id(n));
      }
      assertThat(all).containsExactlyElementsOf(expected);
      assertThat(pages).isEqualTo(3);
    }

    @Test
    @DisplayName("an after id that was never stored still starts the page after it")
    void afterUnknownId() {
      saved(pending(new RequestId("a"), T0));
      saved(pending(new RequestId("c"), T0));

      assertThat(
              store.findByStatus(
                  Set.of(RequestStatus.PENDING), Optional.of(new RequestId("b")), 10))
          .extracting(AccessRequest::id)
          .containsExactly(new RequestId("c"));
    }

    @Test
    @DisplayName("no statuses match nothing")
    void emptyStatuses() {
      saved(pending(id(1), T0));

      assertThat(store.findByStatus(Set.of(), Optional.empty(), 10)).isEmpty();
    }
  }

  @Nested
  @DisplayName("finding due requests")
  class FindDue {

    @Test
    @DisplayName("returns requests due at or before the time, earliest first")
    void dueEarliestFirst() {
      saved(withNextDeadline(saved(pending(id(1), T0)), Optional.of(T0.plusSeconds(30))));
      saved(withNextDeadline(saved(pending(id(2), T0)), Optional.of(T0.plusSeconds(10))));
      saved(withNextDeadline(saved(pending(id(3), T0)), Optional.of(T0.plusSeconds(60))));
      saved(withNextDeadline(saved(pending(id(4), T0)), Optional.of(T0.plusSeconds(61))));

      assertThat(store.findDue(T0.plusSeconds(60), 10))
          .extracting(AccessRequest::id)
          .containsExactly(id(2), id(1), id(3));
    }

    @Test
    @DisplayName("ignores requests without a next deadline")
    void noDeadline() {
      saved(withNextDeadline(saved(pending(id(1), T0)), Optional.empty()));
      saved(withNextDeadline(saved(pending(id(2), T0)), Optional.of(T0)));

      assertThat(store.findDue(T0.plus(Duration.ofDays(365)), 10))
          .extracting(AccessRequest::id)
          .containsExactly(id(2));
    }

    @Test
    @DisplayName("returns at most limit requests, the earliest ones")
    void limit() {
      for (int n = 1; n <= 10; n++) {
        saved(
            withNextDeadline(
                saved(pending(id(n), T0)), Optional.of(T0.plusSeconds(100 - n * 10L))));
      }

      assertThat(store.findDue(T0.plusSeconds(1000), 3))
          .extracting(AccessRequest::id)
          .containsExactly(id(10), id(9), id(8));
    }

    @Test
    @DisplayName("follows the latest snapshot when a deadline moves")
    void deadlineMoves() {
      AccessRequest v2 =
          saved(withNextDeadline(saved(pending(id(1), T0)), Optional.of(T0.plusSeconds(10))));
      saved(withNextDeadline(v2, Optional.of(T0.plusSeconds(1000))));

      assertThat(store.findDue(T0.plusSeconds(100), 10)).isEmpty();
      assertThat(store.findDue(T0.plusSeconds(1000), 10))
          .extracting(AccessRequest::version)
          .containsExactly(3L);
    }
  }

  @Nested
  @DisplayName("finding by requester")
  class FindByRequester {

    @Test
    @DisplayName("returns one requester's requests in the statuses, newest first")
    void newestFirst() {
      saved(pending(id(1), T0.plusSeconds(20), ALICE));
      saved(pending(id(2), T0.plusSeconds(30), ALICE));
      saved(pending(id(3), T0.plusSeconds(10), ALICE));
      saved(next(saved(pending(id(4), T0.plusSeconds(40), ALICE)), RequestStatus.DENIED));
      saved(pending(id(5), T0.plusSeconds(50), BOB));

      assertThat(store.findByRequester(ALICE, Set.of(RequestStatus.PENDING), 10))
          .extracting(AccessRequest::id)
          .containsExactly(id(2), id(1), id(3));
    }

    @Test
    @DisplayName("matches any of several statuses")
    void severalStatuses() {
      saved(pending(id(1), T0, ALICE));
      saved(next(saved(pending(id(2), T0.plusSeconds(1), ALICE)), RequestStatus.ACTIVE));
      saved(next(saved(pending(id(3), T0.plusSeconds(2), ALICE)), RequestStatus.EXPIRED));

      assertThat(
              store.findByRequester(
                  ALICE, EnumSet.of(RequestStatus.PENDING, RequestStatus.ACTIVE), 10))
          .extracting(AccessRequest::id)
          .containsExactly(id(2), id(1));
    }

    @Test
    @DisplayName("returns at most limit requests, the newest ones")
    void limit() {
      for (int n = 1; n <= 10; n++) {
        saved(pending(id(n), T0.plusSeconds(n), ALICE));
      }

      assertThat(store.findByRequester(ALICE, Set.of(RequestStatus.PENDING), 2))
          .extracting(AccessRequest::id)
          .containsExactly(id(10), id(9));
    }

    @Test
    @DisplayName("a requester without requests finds nothing")
    void none() {
      saved(pending(id(1), T0, ALICE));

      assertThat(store.findByRequester(BOB, EnumSet.allOf(RequestStatus.class), 10)).isEmpty();
    }
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {

    @Test
    @DisplayName("of many writers racing to save the same next version, exactly one succeeds")
    void oneWinner() throws Exception {
      AccessRequest v1 = saved(pending(id(1), T0));
      int writers = 16;
      List<AccessRequest> candidates = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        candidates.add(withReason(v1, "writer " + i));
      }

      List<Optional<AccessRequest>> outcomes =
          Race.run(
              writers,
              i ->
                  () -> {
                    try {
                      store.save(candidates.get(i));
                      return Optional.of(candidates.get(i));
                    } catch (StaleVersionException e) {
                      return Optional.<AccessRequest>empty();
                    }
                  });

      List<AccessRequest> winners = outcomes.stream().flatMap(Optional::stream).toList();
      assertThat(winners).hasSize(1);
      assertThat(store.find(id(1))).contains(winners.get(0));
    }

    @Test
    @DisplayName("concurrent writes to different requests are all kept")
    void independentWriters() throws Exception {
      int writers = 8;
      Race.run(
          writers,
          i ->
              () -> {
                AccessRequest r = saved(pending(id(i), T0));
                for (int v = 0; v < 20; v++) {
                  r = saved(withReason(r, "step " + v));
                }
                return Optional.of(r);
              });

      for (int i = 0; i < writers; i++) {
        assertThat(store.find(id(i))).get().extracting(AccessRequest::version).isEqualTo(21L);
      }
    }
  }

  @Nested
  @DisplayName("round trip")
  class RoundTrip {

    @Test
    @DisplayName("every field of a fully populated snapshot round-trips")
    void fullyPopulated() {
      AccessRequest full = SampleRequests.fullyPopulated(id(1), T0);
      AccessRequest v1 = full.toBuilder().version(1).build();
      saved(v1);
      AccessRequest v2 = saved(next(v1, b -> b));

      AccessRequest found = store.find(id(1)).orElseThrow();
      assertThat(found).usingRecursiveComparison().isEqualTo(v2);
      assertThat(found).isEqualTo(v2);
    }

    @Test
    @DisplayName("empty optionals, no approvals and an empty ticket round-trip")
    void minimal() {
      AccessRequest minimal =
          pending(id(1), T0).toBuilder()
              .ticket("")
              .nextDeadline(Optional.empty())
              .handledKeys(java.util.Map.of())
              .build();
      saved(minimal);

      assertThat(store.find(id(1))).contains(minimal);
    }

    @Test
    @DisplayName("instants keep nanosecond precision")
    void precision() {
      Instant precise = Instant.parse("2026-03-02T09:00:00.123456789Z");
      AccessRequest r =
          pending(id(1), precise).toBuilder().nextDeadline(Optional.of(precise)).build();
      saved(r);

      assertThat(store.find(id(1))).contains(r);
    }

    @Test
    @DisplayName("snapshots found by queries equal the stored snapshot")
    void queriesReturnWholeSnapshots() {
      AccessRequest full =
          SampleRequests.fullyPopulated(id(1), T0).toBuilder()
              .version(1)
              .nextDeadline(Optional.of(T0))
              .build();
      saved(full);

      assertThat(store.findByStatus(Set.of(full.status()), Optional.empty(), 10))
          .containsExactly(full);
      assertThat(store.findDue(T0, 10)).containsExactly(full);
      assertThat(store.findByRequester(full.requester(), Set.of(full.status()), 10))
          .containsExactly(full);
    }
  }
}
