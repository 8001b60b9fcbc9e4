package dev.jit.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the engine. {@link #defaults()} suits production; tests shorten the waits.
 *
 * @param grantLease the lease of an engine granting or undoing: how long a request it works on may
 *     go without a commit by it before another engine takes the work over (rolls a grant back,
 *     carries on an undo). The holder commits before every backend call and renews the lease every
 *     third of it while a call lasts; a grant's lease never runs past its expiry. An instance that
 *     restarts takes its own leases back at once, without waiting.
 * @param backendAttempts attempts per backend call, inline, for retryable failures
 * @param backendBackoff wait before the second inline attempt; doubles each attempt
 * @param retryBackoff wait before the first scheduled retry of a failed rollback or revocation;
 *     doubles
 * @param retryBackoffMax cap of the scheduled retry wait
 * @param escalateAfter failed rollback or revocation attempts before an escalation (repeated every
 *     as many)
 * @param nudgeAfter age of a pending request when approvers are reminded, and again every as long
 * @param expiryWarning how long before expiry the requester is warned
 * @param justificationMin minimum length of a justification, in characters
 * @param justificationMax maximum length of a justification, in characters
 * @param pendingChecks how many times a grant step that its platform reports in progress ({@code
 *     PENDING}) is checked before the grant fails and is rolled back
 * @param pollBackoff wait before checking an in-progress step again; doubles, up to 30 s (or this
 *     value, if larger)
 */
public record EngineSettings(
    Duration grantLease,
    int backendAttempts,
    Duration backendBackoff,
    Duration retryBackoff,
    Duration retryBackoffMax,
    int escalateAfter,
    Duration nudgeAfter,
    Duration expiryWarning,
    int justificationMin,
    int justificationMax,
    int pendingChecks,
    Duration pollBackoff) {

  public EngineSettings {
    positive(grantLease, "grantLease");
    if (backendAttempts < 1) {
      throw new IllegalArgumentException("backendAttempts must be at least 1");
    }
    Objects.requireNonNull(backendBackoff, "backendBackoff");
    if (backendBackoff.toMillis() < 1) {
      throw new IllegalArgumentException("backendBackoff must be at least 1 ms");
    }
    positive(retryBackoff, "retryBackoff");
    positive(retryBackoffMax, "retryBackoffMax");
    if (escalateAfter < 1) {
      throw new IllegalArgumentException("escalateAfter must be at least 1");
    }
    positive(nudgeAfter, "nudgeAfter");
    positive(expiryWarning, "expiryWarning");
    if (justificationMin < 1 || justificationMax < justificationMin || justificationMax > 3000) {
      throw new IllegalArgumentException(
          "justification length bounds must satisfy 1 <= min <= max <= 3000");
    }
    if (pendingChecks < 1) {
      throw new IllegalArgumentException("pendingChecks must be at least 1");
    }
    positive(pollBackoff, "pollBackoff");
  }

  private static final Duration POLL_CAP = Duration.ofSeconds(30);

  public static EngineSettings defaults() {
    return new EngineSettings(
        Duration.ofSeconds(15),
        3,
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        Duration.ofMinutes(15),
        5,
        Duration.ofMinutes(15),
        Duration.ofMinutes(10),
        10,
        2000,
        30,
        Duration.ofSeconds(1));
  }

  public EngineSettings withGrantLease(Duration v) {
    return copy(c -> c.grantLease = v);
  }

  public EngineSettings withBackendRetries(int attempts, Duration backoff) {
    return copy(
        c -> {
          c.backendAttempts = attempts;
          c.backendBackoff = backoff;
        });
  }

  public EngineSettings withScheduledRetries(Duration backoff, Duration max, int escalate) {
    return copy(
        c -> {
          c.retryBackoff = backoff;
          c.retryBackoffMax = max;
          c.escalateAfter = escalate;
        });
  }

  public EngineSettings withReminders(Duration nudge, Duration warning) {
    return copy(
        c -> {
          c.nudgeAfter = nudge;
          c.expiryWarning = warning;
        });
  }

  public EngineSettings withPolling(int checks, Duration backoff) {
    return copy(
        c -> {
          c.pendingChecks = checks;
          c.pollBackoff = backoff;
        });
  }

  /** These settings with {@code change} applied, validated again. */
  private EngineSettings copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The fields of a copy being changed; the constructor checks the result. */
  private static final class Copy {
    Duration grantLease;
    int backendAttempts;
    Duration backendBackoff;
    Duration retryBackoff;
    Duration retryBackoffMax;
    int escalateAfter;
    Duration nudgeAfter;
    Duration expiryWarning;
    int justificationMin;
    int justificationMax;
    int pendingChecks;
    Duration pollBackoff;

    Copy(EngineSettings s) {
      grantLease = s.grantLease;
      backendAttempts = s.backendAttempts;
      backendBackoff = s.backendBackoff;
      retryBackoff = s.retryBackoff;
      retryBackoffMax = s.retryBackoffMax;
      escalateAfter = s.escalateAfter;
      nudgeAfter = s.nudgeAfter;
      expiryWarning = s.expiryWarning;
      justificationMin = s.justificationMin;
      justificationMax = s.justificationMax;
      pendingChecks = s.pendingChecks;
      pollBackoff = s.pollBackoff;
    }

    EngineSettings build() {
      return new EngineSettings(
          grantLease,
          backendAttempts,
          backendBackoff,
          retryBackoff,
          retryBackoffMax,
          escalateAfter,
          nudgeAfter,
          expiryWarning,
          justificationMin,
          justificationMax,
          pendingChecks,
          pollBackoff);
    }
  }

  /**
   * The wait before check number {@code check} (1-based) of a step in progress: doubling from
   * {@code pollBackoff}, capped at 30 s or {@code pollBackoff}, whichever is larger.
   */
  public Duration pollDelay(int check) {
    Duration cap = pollBackoff.compareTo(POLL_CAP) > 0 ? pollBackoff : POLL_CAP;
    Duration d = pollBackoff;
    for (int i = 1; i < check && d.compareTo(cap) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** The wait before scheduled retry number {@code attempt} (1-based): doubling, capped. */
  public Duration retryDelay(int attempt) {
    Duration d = retryBackoff;
    for (int i = 1; i < attempt && d.compareTo(retryBackoffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : d;
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
