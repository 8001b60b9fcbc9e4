package dev.jit.core.memory;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link GrantBackend} that holds grant steps in a set: idempotent, with a truthful {@link
 * #check} and complete {@link #holdings}. It records every call and injects faults, for testing
 * what uses it. Thread-safe.
 *
 * <p>On each call, in this order: the fault to inject (if any) is decided, the {@link #onCall} hook
 * runs (outside any lock, so it may block), then the change is applied unless the fault says
 * otherwise, and the call is recorded. When several faults are armed for an operation, the first
 * that applies wins: {@link #failFor}, {@link #failAlways}, {@link #failNext}, {@link
 * #failAfterApplying}. A call that throws, including from the hook, changes nothing (except with
 * {@link #failAfterApplying}) and is recorded as failed.
 */
public final class InMemoryGrantBackend implements GrantBackend {

  /** The two changing operations of a backend. */
  public enum Op {
    GRANT,
    REVOKE
  }

  /**
   * One call of {@link #grant} or {@link #revoke}.
   *
   * @param failed whether the call threw (it may still have applied: see {@link
   *     #failAfterApplying})
   */
  public record Call(Op op, Grant grant, boolean failed) {
    public Call {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(grant, "grant");
    }

    /** The step of the call's grant. */
    public GrantStep step() {
      return grant.step();
    }
  }

  private enum Fault {
    NONE,
    FAIL_RETRYABLE,
    FAIL_PERMANENT,
    APPLY_THEN_FAIL
  }

  private record StepFault(GrantStep step, Op op) {}

  private final String type;
  private final Set<GrantStep> held = new HashSet<>();
  private final Map<GrantStep, java.time.Instant> expiries = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Map<Op, Integer> failNext = new EnumMap<>(Op.class);
  private final Map<Op, Boolean> failNextRetryable = new EnumMap<>(Op.class);
  private final Map<Op, Boolean> failAlways = new EnumMap<>(Op.class);
  private final Map<StepFault, Boolean> failFor = new HashMap<>();
  private final Map<Op, Integer> failAfterApplying = new EnumMap<>(Op.class);
  private volatile Consumer<Call> onCall = call -> {};

  /** A backend of {@code type}: it accepts only steps that name this type. */
  public InMemoryGrantBackend(String type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public void grant(Grant grant) {
    call(Op.GRANT, grant);
  }

  @Override
  public void revoke(Grant grant) {
    call(Op.REVOKE, grant);
  }

  private void call(Op op, Grant grant) {
    Objects.requireNonNull(grant, "grant");
    if (!grant.step().backend().equals(type)) {
      throw new IllegalArgumentException(
          "backend " + type + " got a step for backend " + grant.step().backend());
    }
    Fault fault;
    synchronized (this) {
      fault = decide(op, grant.step());
    }
    try {
      onCall.accept(new Call(op, grant, fault != Fault.NONE));
    } catch (RuntimeException | Error e) {
      record(new Call(op, grant, true));
      throw e;
    }
    synchronized (this) {
      if (fault == Fault.NONE || fault == Fault.APPLY_THEN_FAIL) {
        if (op == Op.GRANT) {
          held.add(grant.step());
          expiries.merge(grant.step(), grant.expiresAt(), (a, b) -> a.isAfter(b) ? a : b);
        } else {
          held.remove(grant.step());
          expiries.remove(grant.step());
        }
      }
      calls.add(new Call(op, grant, fault != Fault.NONE));
    }
    switch (fault) {
      case NONE -> {}
      case FAIL_RETRYABLE -> throw BackendException.retryable(message(op, grant, "failed"));
      case FAIL_PERMANENT -> throw BackendException.permanent(message(op, grant, "failed"));
      case APPLY_THEN_FAIL ->
          throw BackendException.retryable(message(op, grant, "timed out after applying"));
    }
  }

  /**
   * Moves the expiry this backend carries for a held step, as a backend with native expiry does; a
   * step it does not hold is left alone.
   */
  @Override
  public synchronized void extend(Grant grant, java.time.Instant newExpiry) {
    if (held.contains(grant.step())) {
      expiries.put(grant.step(), newExpiry);
    }
  }

  /** The expiry this backend carries for {@code step}: the latest granted or extended to. */
  public synchronized Optional<java.time.Instant> expiryOf(GrantStep step) {
    return Optional.ofNullable(expiries.get(step));
  }

  private static String message(Op op, Grant grant, String what) {
    return op.name().toLowerCase() + " of " + grant.step() + " " + what + " (injected fault)";
  }

  private Fault decide(Op op, GrantStep step) {
    Boolean forStep = failFor.get(new StepFault(step, op));
    if (forStep != null) {
      return forStep ? Fault.FAIL_RETRYABLE : Fault.FAIL_PERMANENT;
    }
    Boolean always = failAlways.get(op);
    if (always != null) {
      return always ? Fault.FAIL_RETRYABLE : Fault.FAIL_PERMANENT;
    }
    if (failNext.getOrDefault(op, 0) > 0) {
      failNext.merge(op, -1, Integer::sum);
      return failNextRetryable.get(op) ? Fault.FAIL_RETRYABLE : Fault.FAIL_PERMANENT;
    }
    if (failAfterApplying.getOrDefault(op, 0) > 0) {
      failAfterApplying.merge(op, -1, Integer::sum);
      return Fault.APPLY_THEN_FAIL;
    }
    return Fault.NONE;
  }

  private synchronized void record(Call call) {
    calls.add(call);
  }

  @Override
  public synchronized GrantCheck check(Grant grant) {
    return held.contains(grant.step()) ? GrantCheck.HELD : GrantCheck.ABSENT;
  }

  /** Every step held now, in any case. */
  @Override
  public synchronized Optional<Set<GrantStep>> holdings() {
    return Optional.of(Set.copyOf(held));
  }

  /**
   * Makes the next {@code times} calls of {@code op} throw, without changing anything (replaces an
   * earlier {@code failNext} of {@code op}).
   */
  public synchronized InMemoryGrantBackend failNext(Op op, int times, boolean retryable) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative: " + times);
    }
    failNext.put(Objects.requireNonNull(op, "op"), times);
    failNextRetryable.put(op, retryable);
    return this;
  }

  /** Makes every call of {@code op} throw, without changing anything, until {@link #heal()}. */
  public synchronized InMemoryGrantBackend failAlways(Op op, boolean retryable) {
    failAlways.put(Objects.requireNonNull(op, "op"), retryable);
    return this;
  }

  /** Makes every call of {@code op} for {@code step} throw, until {@link #heal()}. */
  public synchronized InMemoryGrantBackend failFor(GrantStep step, Op op, boolean retryable) {
    failFor.put(
        new StepFault(Objects.requireNonNull(step, "step"), Objects.requireNonNull(op, "op")),
        retryable);
    return this;
  }

  /**
   * Makes the next {@code times} calls of {@code op} apply the change and then throw a retryable
   * {@link BackendException}: a timeout after the backend did the work (replaces an earlier {@code
   * failAfterApplying} of {@code op}).
   */
  public synchronized InMemoryGrantBackend failAfterApplying(Op op, int times) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative: " + times);
    }
    failAfterApplying.put(Objects.requireNonNull(op, "op"), times);
    return this;
  }

  /** Disarms every injected fault. */
  public synchronized InMemoryGrantBackend heal() {
    failNext.clear();
    failNextRetryable.clear();
    failAlways.clear();
    failFor.clear();
    failAfterApplying.clear();
    return this;
  }

  /** Adds a holding directly, without a call: access that appeared outside jit (drift). */
  public synchronized InMemoryGrantBackend hold(GrantStep step) {
    held.add(Objects.requireNonNull(step, "step"));
    return this;
  }

  /**
   * Runs {@code hook} at the start of every later call, before it applies (replacing any earlier
   * hook). A hook may block, or throw to simulate a crash: the call then changes nothing.
   */
  public InMemoryGrantBackend onCall(Consumer<Call> hook) {
    onCall = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** Every call so far, in order, failed ones included. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** How many grant calls named {@code step}, failed ones included. */
  public synchronized int grantCount(GrantStep step) {
    return count(Op.GRANT, step);
  }

  /** How many revoke calls named {@code step}, failed ones included. */
  public synchronized int revokeCount(GrantStep step) {
    return count(Op.REVOKE, step);
  }

  private int count(Op op, GrantStep step) {
    return (int) calls.stream().filter(c -> c.op() == op && c.step().equals(step)).count();
  }
}
