package dev.jit.testkit;

import dev.jit.spi.BackendContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BackendContext} for tests that make a backend through its factory: a fixed environment,
 * a clock, and no shared services.
 */
public record FixedBackendContext(Map<String, String> env, Clock clock) implements BackendContext {
  public FixedBackendContext {
    env = Map.copyOf(env);
  }

  /** {@code env} and the system clock. */
  public static FixedBackendContext of(Map<String, String> env) {
    return new FixedBackendContext(env, Clock.systemUTC());
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    return Optional.empty();
  }
}
