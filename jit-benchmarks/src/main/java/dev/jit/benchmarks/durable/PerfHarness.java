package dev.jit.benchmarks.durable;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Durable speed at scale, on PostgreSQL (issue 17): every scenario beside its baseline measured in
 * the same run, in scratch databases {@code perf_*} that it drops afterwards. Prints each figure as
 * it goes, then the table (Markdown) for the README.
 *
 * <pre>
 * java -cp jit-benchmarks/target/benchmarks.jar dev.jit.benchmarks.durable.PerfHarness [scenario...]
 * </pre>
 *
 * Scenarios: {@code transitions verify expiry-even expiry-burst restart serve-restart} (default:
 * all). Options: {@code --grants N} (100,000), {@code --even-window S} (seconds the even expiry
 * spreads over; 180), {@code --seconds S} (each pgbench / transitions measurement; 10), {@code
 * --jar PATH} (the built app for serve-restart; reference-app/target/jit.jar).
 */
public final class PerfHarness {
  private PerfHarness() {}

  public static void main(String[] args) throws Exception {
    int grants = 100_000;
    int evenWindow = 180;
    int seconds = 10;
    List<String> scenarios =
        List.of("transitions", "verify", "expiry-even", "expiry-burst", "restart", "serve-restart");
    String jar = "reference-app/target/jit.jar";
    List<String> chosen = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--grants" -> grants = Integer.parseInt(args[++i]);
        case "--even-window" -> evenWindow = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--jar" -> jar = args[++i];
        default -> {
          if (!scenarios.contains(args[i])) {
            throw new IllegalArgumentException(
                "unknown scenario " + args[i] + "; one of " + scenarios);
          }
          chosen.add(args[i]);
        }
      }
    }
    if (chosen.isEmpty()) {
      chosen.addAll(scenarios);
    }
    Report report = new Report();
    long start = System.nanoTime();
    System.out.printf(
        "PerfHarness %s on %d cores, %s, load average %.1f%n",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (String s : chosen) {
      System.out.println("== " + s);
      try {
        if (s.equals("serve-restart")) {
          ServeRestartScenario.run(report, grants, jar);
        } else {
          run(report, s, grants, evenWindow, seconds);
        }
      } catch (Exception e) {
        e.printStackTrace(System.out);
        report.note(s + " failed: " + e);
      }
    }
    System.out.printf(
        "%nload average at the end %.1f; took %.0f s; scenarios %s%n%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        (System.nanoTime() - start) / 1e9,
        Arrays.toString(chosen.toArray()));
    System.out.print(report.table());
    System.exit(
        0); // db-scheduler's and the pools' threads of a failed scenario must not keep it up
  }

  private static void run(Report report, String s, int grants, int evenWindow, int seconds)
      throws Exception {
    {
      switch (s) {
        case "transitions" -> TransitionsScenario.run(report, new int[] {1, 4, 16}, seconds);
        case "verify" -> VerifyScenario.run(report, grants);
        case "expiry-even" -> {
          Duration w = Duration.ofSeconds(evenWindow);
          ExpiryScenario.run(report, "noop", grants, w, Duration.ofSeconds(120));
          ExpiryScenario.run(report, "db-role", grants, w, Duration.ofSeconds(120));
        }
        case "expiry-burst" -> {
          Duration w = Duration.ofSeconds(60);
          ExpiryScenario.run(report, "noop", grants, w, Duration.ofSeconds(120));
          ExpiryScenario.run(report, "db-role", grants, w, Duration.ofSeconds(120));
        }
        case "restart" -> RestartScenario.run(report, grants);
        default -> throw new IllegalStateException(s);
      }
    }
  }
}
