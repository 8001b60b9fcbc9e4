package dev.jit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.core.memory.InMemoryGrantBackend.Call;
import dev.jit.core.memory.InMemoryGrantBackend.Op;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.UserId;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random lives of many requests: commands from the right and the wrong people, redelivered
 * commands, two engines, backend faults, crashes with restarts, clock jumps, sweeps and
 * reconciliations, in seeded random order. After every step the safety invariants must hold; at the
 * end, once faults heal, every request must have ended and nothing may be held. A failing seed is
 * printed and replays exactly.
 */
class SimulationTest {
  /** Raise with -Djit.simulation.sequences=100000 for a soak run. */
  private static final int SEQUENCES = Integer.getInteger("jit.simulation.sequences", 2000);

  private static final int STEPS = 40;
  private static final Duration GRACE = Duration.ofMinutes(1);
  private static final List<UserId> PEOPLE =
      List.of(
          EngineWorld.REQUESTER,
          new UserId("UR1"),
          new UserId("UR2"),
          EngineWorld.OWNER1,
          EngineWorld.OWNER2,
          EngineWorld.OWNER3,
          EngineWorld.DEV,
          EngineWorld.ADMIN,
          EngineWorld.STRANGER);

  private static final Map<String, Long> STATS = new java.util.concurrent.ConcurrentSkipListMap<>();

  @org.junit.jupiter.api.AfterAll
  static void printStatistics() {
    System.out.println("simulation outcomes: " + STATS);
  }

  static LongStream seeds() {
    return LongStream.range(0, SEQUENCES);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  @DisplayName(
      "random interleavings, duplicates, timeouts, faults and crashes keep every safety invariant")
  void randomLives(long seed) {
    new Run(seed).play();
  }

  private static final class Run {
    final Random random;
    final long seed;
    final EngineWorld f = new EngineWorld();
    final Crashes crashes = new Crashes();
    final JitEngine[] engines = new JitEngine[2];
    final List<RequestId> ids = new ArrayList<>();
    final List<Command> sent = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<InMemoryGrantBackend> backends;

    Run(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      backends = List.of(f.okta, f.db, f.k8s);
      for (UserId u : List.of(new UserId("UR1"), new UserId("UR2"))) {
        String n = u.value().toLowerCase(java.util.Locale.ROOT);
        f.directory.user(u, Map.of("okta-login", n + "@x", "db-user", n, "email", n + "@x"));
      }
      engines[0] = crashes.engine(f, "engine-0");
      engines[1] = crashes.engine(f, "engine-1");
    }

    void play() {
      for (int step = 0; step < STEPS; step++) {
        int which = random.nextInt(2);
        String action = "";
        try {
          action = act(engines[which]);
        } catch (Crashes.Crash crash) {
          action += " (crashed " + crash.getMessage() + ")";
        }
        log.add(step + ": engine " + which + " " + action);
        if (crashes.crashed()) {
          crashes.clear();
          engines[which] = crashes.engine(f, "engine-" + which);
          engines[which].recover();
          log.add("   restarted engine " + which);
        }
        checkInvariants();
      }
      settle();
      STATS.merge("sequences", 1L, Long::sum);
      for (RequestId id : ids) {
        STATS.merge(engines[0].find(id).orElseThrow().status().name(), 1L, Long::sum);
      }
      STATS.merge("crashes", log.stream().filter(l -> l.contains("restarted")).count(), Long::sum);
    }

    private String act(JitEngine e) {
      int dice = random.nextInt(100);
      if (dice < 14) {
        UserId who = pick(PEOPLE.subList(0, 4));
        ResourceId resource = random.nextInt(4) == 0 ? EngineWorld.STAGING : EngineWorld.PROD;
        Duration d = Duration.ofMinutes(pick(List.of(15, 60, 240, 300)));
        Command.Submit c =
            new Command.Submit(
                who,
                resource,
                resource.equals(EngineWorld.PROD) && random.nextBoolean()
                    ? EngineWorld.WRITE
                    : EngineWorld.READ,
                d,
                EngineWorld.JUSTIFICATION,
                "",
                f.key());
        return send(e, c);
      } else if (dice < 40 && !ids.isEmpty()) {
        List<UserId> approvers = random.nextInt(4) == 0 ? PEOPLE : PEOPLE.subList(3, 7);
        return send(e, new Command.Approve(pick(ids), pick(approvers), f.key()));
      } else if (dice < 44 && !ids.isEmpty()) {
        return send(e, new Command.Deny(pick(ids), pick(PEOPLE), "not needed", f.key()));
      } else if (dice < 48 && !ids.isEmpty()) {
        return send(e, new Command.Cancel(pick(ids), pick(PEOPLE), f.key()));
      } else if (dice < 53 && !ids.isEmpty()) {
        RequestId id = pick(ids);
        UserId who =
            random.nextBoolean()
                ? engines[0].find(id).orElseThrow().requester()
                : pick(PEOPLE.subList(6, 9));
        return send(e, new Command.Revoke(id, who, f.key()));
      } else if (dice < 63 && !sent.isEmpty()) {
        return "again " + send(e, pick(sent));
      } else if (dice < 78) {
        Duration d = Duration.ofMinutes(1 + random.nextInt(random.nextBoolean() ? 10 : 90));
        f.advance(d, e);
        return "advance " + d;
      } else if (dice < 84) {
        InMemoryGrantBackend b = pick(backends);
        Op op = random.nextBoolean() ? Op.GRANT : Op.REVOKE;
        int times = 1 + random.nextInt(4);
        boolean retryable = random.nextBoolean();
        if (random.nextInt(4) == 0) {
          b.failAfterApplying(op, times);
        } else {
          b.failNext(op, times, retryable);
        }
        return "fault " + b.type() + " " + op + " x" + times;
      } else if (dice < 87) {
        backends.forEach(InMemoryGrantBackend::heal);
        return "heal";
      } else if (dice < 92) {
        int at = 1 + random.nextInt(12);
        crashes.armAt(at);
        return "arm crash at " + at;
      } else if (dice < 95) {
        UserId who = pick(List.of(EngineWorld.OWNER1, EngineWorld.OWNER2, EngineWorld.OWNER3));
        if (random.nextBoolean()) {
          f.directory.deactivate(who);
        } else {
          f.directory.activate(who);
        }
        return "toggle " + who;
      } else if (dice < 98) {
        return "sweep " + e.sweep();
      } else {
        return "reconcile " + e.reconcile();
      }
    }

    private String send(JitEngine e, Command c) {
      sent.add(c);
      Outcome o = e.handle(c);
      if (c instanceof Command.Submit
          && o.request().isPresent()
          && !ids.contains(o.requireRequest().id())) {
        ids.add(o.requireRequest().id());
      }
      return c
          + " → "
          + o.result()
          + " "
          + o.status().orElse(null)
          + " "
          + o.rejection().orElse(null);
    }

    private <T> T pick(List<T> from) {
      return from.get(random.nextInt(from.size()));
    }

    /** Heal everything, let time pass, and require that every request ended and nothing is held. */
    private void settle() {
      crashes.armAt(0);
      backends.forEach(InMemoryGrantBackend::heal);
      for (int i = 0; i < 24 * 6; i++) {
        f.advance(Duration.ofMinutes(10), engines[i % 2]);
        checkInvariants();
      }
      engines[0].sweep();
      for (RequestId id : ids) {
        AccessRequest r = engines[0].find(id).orElseThrow();
        assertThat(r.status().isTerminal())
            .as(context("request %s still %s", id, r.status()))
            .isTrue();
      }
      assertThat(f.nothingHeld()).as(context("access held after everything ended")).isTrue();
    }

    private void checkInvariants() {
      AuditVerifier.Result audit = AuditVerifier.verify(f.audit);
      assertThat(audit.intact()).as(context(audit.toString())).isTrue();

      Map<RequestId, AccessRequest> current = new HashMap<>();
      for (RequestId id : ids) {
        engines[0].find(id).ifPresent(r -> current.put(id, r));
      }
      Map<String, Integer> successfulGrants = new HashMap<>();
      for (InMemoryGrantBackend b : backends) {
        for (Call c : b.calls()) {
          if (c.op() == Op.GRANT && !c.failed()) {
            RequestId id = c.grant().requestId();
            successfulGrants.merge(id + " " + c.step(), 1, Integer::sum);
            assertThat(approvedWithQuorum(id))
                .as(context("%s granted without a valid quorum", id))
                .isTrue();
          }
        }
      }
      successfulGrants.forEach(
          (grant, n) -> assertThat(n).as(context("granted twice: %s", grant)).isEqualTo(1));

      Set<GrantStep> mayHold = new HashSet<>();
      for (AccessRequest r : current.values()) {
        if (r.status() == RequestStatus.ACTIVE) {
          assertThat(f.clock.instant())
              .as(context("%s active past expiry", r.id()))
              .isBeforeOrEqualTo(r.expiresAt().orElseThrow().plus(GRACE));
        }
        if (r.status().mayHoldAccess()) {
          mayHold.addAll(r.steps());
        }
      }
      for (InMemoryGrantBackend b : backends) {
        for (GrantStep held : b.holdings().orElseThrow()) {
          assertThat(mayHold)
              .as(context("%s held with no request that may hold it", held))
              .contains(held);
        }
      }
    }

    private boolean approvedWithQuorum(RequestId id) {
      for (AuditRecord r : f.audit.forRequest(id, 0)) {
        if (r.entry().action().equals("approved")) {
          AccessRequest snapshot = r.entry().request();
          Set<UserId> approvers = snapshot.approvers();
          return approvers.size() >= snapshot.requiredApprovals()
              && approvers.size() == snapshot.approvals().size()
              && !approvers.contains(snapshot.requester())
              && approvers.stream().allMatch(this::isOwner);
        }
      }
      return false;
    }

    private boolean isOwner(UserId u) {
      return u.equals(EngineWorld.OWNER1)
          || u.equals(EngineWorld.OWNER2)
          || u.equals(EngineWorld.OWNER3)
          || u.equals(EngineWorld.DEV);
    }

    private String context(String what, Object... args) {
      return "seed " + seed + ": " + String.format(what, args) + "\n" + String.join("\n", log);
    }
  }
}
