package dev.jit.aws;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.StepRules;
import java.util.Optional;
import java.util.Set;

/**
 * A backend that also closes the local AWS when it is closed: the contract closes the backend after
 * its own clean-up revokes, which must still reach the fake.
 */
record Closing(GrantBackend backend, AutoCloseable also) implements GrantBackend {
  @Override
  public String type() {
    return backend.type();
  }

  @Override
  public void grant(Grant grant) {
    backend.grant(grant);
  }

  @Override
  public void revoke(Grant grant) {
    backend.revoke(grant);
  }

  @Override
  public GrantCheck check(Grant grant) {
    return backend.check(grant);
  }

  @Override
  public Optional<Set<GrantStep>> holdings() {
    return backend.holdings();
  }

  @Override
  public StepRules stepRules() {
    return backend.stepRules();
  }

  @Override
  public String canonicalPrincipal(String principal) {
    return backend.canonicalPrincipal(principal);
  }

  @Override
  public void close() {
    backend.close();
    try {
      also.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
