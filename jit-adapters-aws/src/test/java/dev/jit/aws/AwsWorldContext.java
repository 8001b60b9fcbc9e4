package dev.jit.aws;

import dev.jit.spi.BackendContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** A backend context with a fixed environment and a clock. */
record AwsWorldContext(Map<String, String> env, Clock clock) implements BackendContext {
  AwsWorldContext(Map<String, String> env) {
    this(env, Clock.systemUTC());
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
