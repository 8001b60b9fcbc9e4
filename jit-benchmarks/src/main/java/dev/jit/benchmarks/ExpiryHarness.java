package dev.jit.benchmarks;

import dev.jit.core.JitEngine;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.TimerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;

/**
 * How long the engine takes to revoke a mass expiry: {@code N} grants (100,000 by default) whose
 * expiries fall within one window (1 s by default), all revoked by the engine itself. This is the
 * promise jit makes (access ends when it expires), so the question is whether 100,000 grants
 * expiring in the same second are all revoked within about a second on a small (2-core) machine.
 *
 * <p>JMH fits badly here (one expensive, one-shot event per seeded world), so this is a plain main
 * that prints its figures. Two measurements, each on a freshly seeded world:
 *
 * <ol>
 *   <li>{@code timers}: seeds {@code N} ACTIVE grants through the real engine (submit and two
 *       approvals, the {@link dev.jit.testkit.MutableClock} set so that their expiries are spread
 *       evenly over the window), delivers the expiry warnings, then moves the clock past every
 *       expiry and times {@code InMemoryScheduler.runDue(engine::onTimer)} on one thread:
 *       revocations per second, and the wall-time lag of each revocation after the clock passed
 *       expiry (everything is due at that instant, so the last revocation's lag is the whole pass).
 *   <li>{@code sweep}: seeds again and times {@link JitEngine#sweep()} over the {@code N} due
 *       requests, the safety net when timers are lost.
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.jit.benchmarks.ExpiryHarness [N] [windowMillis]
 * [timers|sweep|both] [--breakdown] [--indexed-store]}. {@code --breakdown} times every store,
 * audit and scheduler call the engine makes and prints where the time went; {@code --indexed-store}
 * puts a {@link RequesterIndexedStore} in front of the in-memory store, to show the engine's cost
 * without the store's full scan in {@code findByRequester}.
 */
public final class ExpiryHarness {
  private final int n;
  private final Duration window;
  private final boolean breakdown;
  private final boolean indexed;

  private ExpiryHarness(int n, Duration window, boolean breakdown, boolean indexed) {
    this.n = n;
    this.window = window;
    this.breakdown = breakdown;
    this.indexed = indexed;
  }

  public static void main(String[] args) {
    int n = 100_000;
    long windowMillis = 1000;
    String phase = "both";
    boolean breakdown = false;
    boolean indexed = false;
    int positional = 0;
    for (String a : args) {
      if (a.equals("--breakdown")) {
        breakdown = true;
      } else if (a.equals("--indexed-store")) {
        indexed = true;
      } else if (positional == 0) {
        n = Integer.parseInt(a.replace("_", ""));
        positional++;
      } else if (positional == 1) {
        windowMillis = Long.parseLong(a);
        positional++;
      } else {
        phase = a;
      }
    }
    ExpiryHarness h = new ExpiryHarness(n, Duration.ofMillis(windowMillis), breakdown, indexed);
    System.out.printf(
        Locale.ROOT,
        "ExpiryHarness: N=%,d grants expiring within %d ms; store: %s; %d cores; %s %s%n",
        n,
        windowMillis,
        indexed ? "InMemoryRequestStore + requester index (what-if)" : "InMemoryRequestStore",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    if (!phase.equals("sweep")) {
      h.timers();
    }
    if (!phase.equals("timers")) {
      h.sweep();
    }
  }

  /** A world with {@code n} ACTIVE grants whose expiries are spread over the window. */
  private record Seeded(BenchWorld world, JitEngine engine, Breakdown breakdown) {}

  private Seeded seed() {
    BenchWorld world = new BenchWorld(n);
    Breakdown b = new Breakdown();
    RequestStore store = indexed ? new RequesterIndexedStore(world.store) : world.store;
    JitEngine engine =
        breakdown
            ? world.engine(b.store(store), b.audit(world.audit), b.scheduler(world.scheduler))
            : world.engine(store, world.audit, world.scheduler);
    long start = System.nanoTime();
    long windowNanos = window.toNanos();
    for (int i = 0; i < n; i++) {
      // Granted at START + offset, so it expires at START + 1h + offset.
      world.clock.set(BenchWorld.START.plusNanos(windowNanos * i / n));
      world.grant(engine, world.users[i]);
    }
    long took = System.nanoTime() - start;
    System.out.printf(
        Locale.ROOT,
        "  seeded %,d ACTIVE grants (submit + 2 approvals + 3 steps each) in %.1f s: %,.0f"
            + " grants/s%n",
        n,
        took / 1e9,
        n / (took / 1e9));
    if (breakdown) {
      System.out.print(b.report(took));
      b.reset();
    }
    return new Seeded(world, engine, b);
  }

  private Instant firstExpiry() {
    return BenchWorld.START.plus(BenchWorld.ONE_HOUR);
  }

  private void timers() {
    System.out.println("timers: InMemoryScheduler.runDue(engine::onTimer) after the clock passes");
    Seeded s = seed();
    BenchWorld w = s.world();
    // The expiry warnings (10 min before) are due first; deliver them outside the measurement.
    w.clock.set(firstExpiry().minusMillis(1));
    long warnStart = System.nanoTime();
    int warnings = w.scheduler.runDue(s.engine()::onTimer);
    System.out.printf(
        Locale.ROOT,
        "  delivered %,d expiry warnings first (not measured) in %.1f s%n",
        warnings,
        (System.nanoTime() - warnStart) / 1e9);
    s.breakdown().reset();
    System.gc();

    w.clock.set(firstExpiry().plus(window));
    long[] lag = new long[n];
    long[] cost = new long[n];
    int[] revoked = {0};
    long start = System.nanoTime();
    int delivered =
        w.scheduler.runDue(
            key -> {
              long before = System.nanoTime();
              s.engine().onTimer(key);
              long after = System.nanoTime();
              if (key.kind() == TimerKind.EXPIRY && revoked[0] < n) {
                lag[revoked[0]] = after - start;
                cost[revoked[0]] = after - before;
                revoked[0]++;
              }
            });
    long took = System.nanoTime() - start;
    int count = revoked[0];
    check(w, count);
    long[] lags = Arrays.copyOf(lag, count);
    long[] costs = Arrays.copyOf(cost, count);
    Arrays.sort(lags);
    Arrays.sort(costs);
    System.out.printf(
        Locale.ROOT,
        "  delivered %,d timers, %,d expiries; all revoked in %.3f s wall: %,.0f revocations/s%n",
        delivered,
        count,
        took / 1e9,
        count / (took / 1e9));
    System.out.printf(
        Locale.ROOT,
        "  lag after expiry (wall): p50 %.3f s, p99 %.3f s, max %.3f s%n",
        pct(lags, 50) / 1e9,
        pct(lags, 99) / 1e9,
        lags[count - 1] / 1e9);
    System.out.printf(
        Locale.ROOT,
        "  per revocation (onTimer): p50 %.1f µs, p99 %.1f µs, max %.1f ms%n",
        pct(costs, 50) / 1e3,
        pct(costs, 99) / 1e3,
        costs[count - 1] / 1e6);
    if (breakdown) {
      System.out.print(s.breakdown().report(took));
    }
    System.out.printf(
        Locale.ROOT,
        "  VERDICT: %,d grants expiring within %d ms %s revoked within ~1 s of expiry on %d cores"
            + " (last one %.2f s after the clock passed expiry)%n",
        n,
        window.toMillis(),
        lags[count - 1] <= 1_000_000_000L ? "ARE" : "are NOT",
        Runtime.getRuntime().availableProcessors(),
        lags[count - 1] / 1e9);
  }

  private void sweep() {
    System.out.println("sweep: engine.sweep() over due requests whose timers never fired");
    Seeded s = seed();
    BenchWorld w = s.world();
    w.clock.set(firstExpiry().plus(window));
    System.gc();
    long start = System.nanoTime();
    int acted = s.engine().sweep();
    long took = System.nanoTime() - start;
    check(w, acted);
    System.out.printf(
        Locale.ROOT,
        "  sweep acted on %,d due requests in %.3f s wall: %,.0f revocations/s%n",
        acted,
        took / 1e9,
        acted / (took / 1e9));
    if (breakdown) {
      System.out.print(s.breakdown().report(took));
    }
  }

  /** Fails unless every grant was revoked and nothing is held any more. */
  private void check(BenchWorld w, int revoked) {
    boolean open =
        !w.store
            .findByStatus(
                EnumSet.of(
                    RequestStatus.ACTIVE, RequestStatus.REVOKING, RequestStatus.REVOCATION_FAILING),
                Optional.empty(),
                1)
            .isEmpty();
    if (revoked != n || open || w.held() != 0) {
      throw new IllegalStateException(
          "expected "
              + n
              + " revocations and nothing held; got "
              + revoked
              + " revocations, "
              + w.held()
              + " steps held, requests still open: "
              + open);
    }
  }

  private static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
