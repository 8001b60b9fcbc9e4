package dev.jit.testkit;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A backend that hands every call to another one: tests override the calls they want to slow down,
 * fail or kill, and keep the real behaviour of the rest.
 */
public class ForwardingGrantBackend implements GrantBackend {
  private final GrantBackend delegate;

  public ForwardingGrantBackend(GrantBackend delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public void grant(Grant grant) {
    delegate.grant(grant);
  }

  @Override
  public void revoke(Grant grant) {
    delegate.revoke(grant);
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
  public List<Problem> preflight() {
    return delegate.preflight();
  }

  @Override
  public String canonicalPrincipal(String principal) {
    return delegate.canonicalPrincipal(principal);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
