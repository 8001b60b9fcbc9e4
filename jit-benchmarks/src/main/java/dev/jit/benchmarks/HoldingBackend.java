package dev.jit.benchmarks;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A grant backend that does nothing but hold steps in a concurrent set, so that benchmarks measure
 * the engine and not a backend. Unlike {@code InMemoryGrantBackend} it neither records calls (an
 * ever-growing list) nor injects faults.
 */
public final class HoldingBackend implements GrantBackend {
  private final String type;
  private final Set<GrantStep> held = ConcurrentHashMap.newKeySet();

  public HoldingBackend(String type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public void grant(Grant grant) {
    held.add(grant.step());
  }

  @Override
  public void revoke(Grant grant) {
    held.remove(grant.step());
  }

  @Override
  public GrantCheck check(Grant grant) {
    return held.contains(grant.step()) ? GrantCheck.HELD : GrantCheck.ABSENT;
  }

  @Override
  public Optional<Set<GrantStep>> holdings() {
    return Optional.of(Set.copyOf(held));
  }

  int size() {
    return held.size();
  }
}
