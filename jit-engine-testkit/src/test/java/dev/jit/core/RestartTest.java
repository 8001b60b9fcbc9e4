package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.UserId;
import dev.jit.testkit.ForwardingRequestStore;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A restart with many open requests and every timer lost, recovered in two parts as {@code serve}
 * does: {@link JitEngine#takeBack()} before commands, then {@link JitEngine#rearm()} in the
 * background while timers fire and the sweep runs.
 */
class RestartTest {
  private static final int GRANTS = 2_000;
  private static final int OVERDUE = 10;

  private final EngineWorld f = new EngineWorld();
  private final PausingStore store = new PausingStore(f.store);
  private final InMemoryScheduler timersAfterRestart = new InMemoryScheduler(f.clock);

  private JitEngine engine(InMemoryScheduler scheduler, GrantBackend db) {
    return f.parts(store, f.audit)
        .scheduler(scheduler)
        .instanceId("a")
        .backend(f.okta)
        .backend(db)
        .backend(f.k8s)
        .build();
  }

  @Test
  @DisplayName(
      "2,000 open grants whose timers were lost: the restart takes back its own lease first,"
          + " revokes what expired while down before arming anything, revokes what falls due"
          + " during the background pass without waiting for it, and arms every other grant to"
          + " expire exactly once, on time")
  void restartWithManyOpenRequests() throws Exception {
    List<RequestId> grants = grantMany();
    RequestId leased = approvedAndKilledAfterTheDatabaseGranted();
    f.clock.set(expiry(grants.get(0))); // down past the expiry of the first ten
    List<RequestId> overdue = grants.stream().filter(id -> due(id, f.clock.instant())).toList();
    assertThat(overdue).hasSize(OVERDUE);

    JitEngine restarted = engine(timersAfterRestart, f.db);
    assertThat(restarted.takeBack()).isEqualTo(1);
    assertThat(f.load(leased).status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(store.statusesRead).allSatisfy(s -> assertThat(Lifecycle.LEASED).containsAll(s));
    assertThat(f.load(overdue.get(0)).status()).as("not a lease").isEqualTo(RequestStatus.ACTIVE);

    store.pauseAtSecondPage();
    CompletableFuture<Integer> rearm = CompletableFuture.supplyAsync(restarted::rearm);
    assertThat(store.paused.await(30, TimeUnit.SECONDS)).as("background pass at page 2").isTrue();
    assertThat(overdue)
        .as("expired while down: revoked before the pass armed anything")
        .allSatisfy(id -> assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED));

    // During the pass, a grant of a page not armed yet falls due: the periodic sweep revokes it.
    List<RequestId> notOverdue = new ArrayList<>(grants);
    notOverdue.removeAll(overdue);
    RequestId last = sorted(notOverdue).get(notOverdue.size() - 1);
    Instant lastExpiry = f.load(last).expiresAt().orElseThrow();
    List<RequestId> duringPass = grants.stream().filter(id -> due(id, lastExpiry)).toList();
    f.clock.set(lastExpiry);
    restarted.sweep();
    assertThat(f.load(last).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(rearm).isNotDone();

    store.release.countDown();
    assertThat(rearm.get(30, TimeUnit.SECONDS)).isLessThan(GRANTS);
    // The rest expire by the timers the pass armed, each at its expiry by the clock.
    List<RequestId> rest = new ArrayList<>(grants);
    rest.removeAll(duringPass);
    rest.sort((a, b) -> expiry(a).compareTo(expiry(b)));
    for (RequestId id : rest) {
      if (f.clock.instant().isBefore(expiry(id))) {
        f.clock.set(expiry(id));
      }
      timersAfterRestart.runDue(restarted::onTimer);
      assertThat(f.load(id).status()).as(id.value()).isEqualTo(RequestStatus.EXPIRED);
      assertThat(revokedAt(id)).as(id.value()).isEqualTo(expiry(id));
    }
    f.clock.advance(Duration.ofHours(5));
    timersAfterRestart.runDue(restarted::onTimer);
    Map<RequestId, Long> revocations =
        f.okta.calls().stream()
            .filter(c -> c.op() == InMemoryGrantBackend.Op.REVOKE)
            .filter(c -> !c.grant().requestId().equals(leased))
            .collect(groupingBy(c -> c.grant().requestId(), counting()));
    assertThat(revocations).hasSize(GRANTS).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(f.nothingHeld()).isTrue();
    f.assertAuditIntact();
  }

  /** {@value #GRANTS} active grants of an hour, ten a second, each of its own requester. */
  private List<RequestId> grantMany() {
    JitEngine before = engine(f.scheduler, f.db);
    List<RequestId> ids = new ArrayList<>();
    for (int i = 0; i < GRANTS; i++) {
      UserId requester = new UserId("UR" + i);
      f.person(requester);
      RequestId id = before.handle(f.submitProd(requester)).requireRequest().id();
      before.handle(f.approve(id, OWNER1));
      assertThat(before.handle(f.approve(id, OWNER2)).requireRequest().status())
          .isEqualTo(RequestStatus.ACTIVE);
      ids.add(id);
      if (i % 10 == 9) {
        f.clock.advance(Duration.ofSeconds(1));
      }
    }
    return ids;
  }

  /** The requester's grant of instance "a", which died right after the database granted it. */
  private RequestId approvedAndKilledAfterTheDatabaseGranted() {
    JitEngine dying = engine(f.scheduler, new Crashes.DiesAfterGranting(f.db));
    RequestId id = dying.handle(f.submitProd()).requireRequest().id();
    dying.handle(f.approve(id, OWNER1));
    assertThatThrownBy(() -> dying.handle(f.approve(id, OWNER2))).isInstanceOf(Crashes.Crash.class);
    assertThat(f.load(id).holder()).contains("a");
    return id;
  }

  private boolean due(RequestId id, Instant at) {
    return !expiry(id).isAfter(at);
  }

  private Instant expiry(RequestId id) {
    return f.load(id).expiresAt().orElseThrow();
  }

  private Instant revokedAt(RequestId id) {
    List<AuditRecord> revoked =
        f.audit.forRequest(id, 0).stream()
            .filter(r -> r.entry().action().equals("revoked"))
            .toList();
    assertThat(revoked).as("revoked once").hasSize(1);
    return revoked.get(0).entry().at();
  }

  private static List<RequestId> sorted(List<RequestId> ids) {
    List<RequestId> out = new ArrayList<>(ids);
    out.sort((a, b) -> a.value().compareTo(b.value()));
    return out;
  }

  /** A store that records which statuses are read by page, and can hold the second open page. */
  private static final class PausingStore extends ForwardingRequestStore {
    final List<Set<RequestStatus>> statusesRead = new CopyOnWriteArrayList<>();
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean pausing;

    PausingStore(RequestStore delegate) {
      super(delegate);
    }

    void pauseAtSecondPage() {
      pausing = true;
    }

    @Override
    public List<AccessRequest> findByStatus(
        Set<RequestStatus> statuses, Optional<RequestId> after, int limit) {
      statusesRead.add(Set.copyOf(statuses));
      if (pausing && after.isPresent() && statuses.equals(Lifecycle.OPEN)) {
        pausing = false;
        paused.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return super.findByStatus(statuses, after, limit);
    }
  }
}
