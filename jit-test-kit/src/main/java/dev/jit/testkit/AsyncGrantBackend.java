package dev.jit.testkit;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory {@link GrantBackend} that behaves like an asynchronous platform (IAM Identity Center
 * account assignments, say): {@link #grant} and {@link #revoke} only start an operation, which
 * {@link #check} reports {@link GrantCheck#PENDING} for the next {@code checksUntilDone} checks of
 * that step before it completes. An operation can be scripted to end FAILED, with a reason that
 * {@link #check} throws as a non-retryable {@link BackendException}, as a platform's status API
 * reports it. Starting a removal while a creation of the same step is in progress fails retryably,
 * like a platform's conflict error; starting what is already in progress does nothing.
 *
 * <p>For testing how an engine waits for asynchronous grants and revocations, and as a reference
 * for adapter authors. Thread-safe.
 */
public final class AsyncGrantBackend implements GrantBackend {

  private enum Phase {
    CREATING,
    HELD,
    DELETING
  }

  private static final class Op {
    Phase phase;
    int checksLeft;
    Optional<String> failure;

    Op(Phase phase, int checksLeft, Optional<String> failure) {
      this.phase = phase;
      this.checksLeft = checksLeft;
      this.failure = failure;
    }
  }

  private final String type;
  private final Map<GrantStep, Op> steps = new HashMap<>();
  private int checksUntilDone;
  private Optional<String> failNextGrant = Optional.empty();
  private Optional<String> failNextRevoke = Optional.empty();
  private int grants;
  private int revokes;
  private int checks;

  /** A backend named {@code type} whose operations complete after {@code checksUntilDone}. */
  public AsyncGrantBackend(String type, int checksUntilDone) {
    this.type = Objects.requireNonNull(type, "type");
    checksUntilDone(checksUntilDone);
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public synchronized void grant(Grant grant) {
    own(grant.step());
    grants++;
    Op op = steps.get(grant.step());
    if (op != null && op.phase != Phase.DELETING) {
      return;
    }
    if (op != null) {
      throw BackendException.retryable("conflict: a removal of " + grant.step() + " is running");
    }
    steps.put(grant.step(), new Op(Phase.CREATING, checksUntilDone, failNextGrant));
    failNextGrant = Optional.empty();
  }

  @Override
  public synchronized void revoke(Grant grant) {
    own(grant.step());
    revokes++;
    Op op = steps.get(grant.step());
    if (op == null || op.phase == Phase.DELETING) {
      return;
    }
    if (op.phase == Phase.CREATING) {
      throw BackendException.retryable("conflict: a creation of " + grant.step() + " is running");
    }
    op.phase = Phase.DELETING;
    op.checksLeft = checksUntilDone;
    op.failure = failNextRevoke;
    failNextRevoke = Optional.empty();
  }

  @Override
  public synchronized GrantCheck check(Grant grant) {
    own(grant.step());
    checks++;
    Op op = steps.get(grant.step());
    if (op == null) {
      return GrantCheck.ABSENT;
    }
    if (op.phase == Phase.HELD) {
      return GrantCheck.HELD;
    }
    if (op.checksLeft > 0) {
      op.checksLeft--;
      return GrantCheck.PENDING;
    }
    boolean creating = op.phase == Phase.CREATING;
    if (op.failure.isPresent()) {
      String reason = op.failure.get();
      if (creating) {
        steps.remove(grant.step());
      } else {
        op.phase = Phase.HELD;
      }
      throw BackendException.permanent(
          (creating ? "creation" : "deletion") + " of " + grant.step() + " FAILED: " + reason);
    }
    if (creating) {
      op.phase = Phase.HELD;
      return GrantCheck.HELD;
    }
    steps.remove(grant.step());
    return GrantCheck.ABSENT;
  }

  /** What the platform lists: completed grants and those being removed (still in place). */
  @Override
  public synchronized Optional<Set<GrantStep>> holdings() {
    Set<GrantStep> out = new HashSet<>();
    steps.forEach(
        (step, op) -> {
          if (op.phase != Phase.CREATING) {
            out.add(step);
          }
        });
    return Optional.of(Set.copyOf(out));
  }

  /** How many checks later operations started from now on report PENDING. */
  public synchronized AsyncGrantBackend checksUntilDone(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("checksUntilDone must not be negative");
    }
    checksUntilDone = n;
    return this;
  }

  /** The next grant started ends FAILED with {@code reason} once its checks are used up. */
  public synchronized AsyncGrantBackend failNextGrant(String reason) {
    failNextGrant = Optional.of(reason);
    return this;
  }

  /** The next revoke started ends FAILED with {@code reason}; the access stays in place. */
  public synchronized AsyncGrantBackend failNextRevoke(String reason) {
    failNextRevoke = Optional.of(reason);
    return this;
  }

  /** Whether the step is in place on the platform (held or being removed). */
  public synchronized boolean holds(GrantStep step) {
    Op op = steps.get(step);
    return op != null && op.phase != Phase.CREATING;
  }

  /** Whether an operation on the step has not finished. */
  public synchronized boolean inProgress(GrantStep step) {
    Op op = steps.get(step);
    return op != null && op.phase != Phase.HELD;
  }

  public synchronized int grantCalls() {
    return grants;
  }

  public synchronized int revokeCalls() {
    return revokes;
  }

  public synchronized int checkCalls() {
    return checks;
  }

  private void own(GrantStep step) {
    if (!step.backend().equals(type)) {
      throw BackendException.permanent(
          "step of backend " + step.backend() + " sent to backend " + type);
    }
  }
}
