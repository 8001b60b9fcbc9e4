package dev.jit.app.runtime;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Times grants and revocations and counts their failures, around the real backend. Behaviour is the
 * delegate's: every call and every exception passes through unchanged.
 */
final class MeteredGrantBackend implements GrantBackend {
  private final GrantBackend delegate;
  private final MeterRegistry registry;

  MeteredGrantBackend(GrantBackend delegate, MeterRegistry registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public void grant(Grant grant) {
    timed("grant", () -> delegate.grant(grant));
  }

  @Override
  public void revoke(Grant grant) {
    timed("revoke", () -> delegate.revoke(grant));
  }

  @Override
  public GrantCheck check(Grant grant) {
    return delegate.check(grant);
  }

  @Override
  public Optional<Set<GrantStep>> holdings() {
    return delegate.holdings();
  }

  @Override
  public StepRules stepRules() {
    return delegate.stepRules();
  }

  @Override
  public String canonicalPrincipal(String principal) {
    return delegate.canonicalPrincipal(principal);
  }

  @Override
  public List<Problem> preflight() {
    return delegate.preflight();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void timed(String operation, Runnable call) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "failure";
    try {
      call.run();
      outcome = "success";
    } catch (RuntimeException e) {
      Counter.builder("jit.backend.failures")
          .description("Failed grant and revoke calls")
          .tag("backend", delegate.type())
          .tag("operation", operation)
          .tag("retryable", String.valueOf(e instanceof BackendException b && b.retryable()))
          .register(registry)
          .increment();
      throw e;
    } finally {
      sample.stop(
          Timer.builder("jit.backend." + operation)
              .description("Latency of " + operation + " calls to grant backends")
              .tag("backend", delegate.type())
              .tag("outcome", outcome)
              .register(registry));
    }
  }
}
