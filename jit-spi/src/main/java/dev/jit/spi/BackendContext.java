package dev.jit.spi;

import java.time.Clock;
import java.util.Optional;

/**
 * What a {@link GrantBackendFactory} may use to create a backend: the environment (where secrets
 * live; configuration names variables, never values), the clock, and services the composition root
 * shares (jit's own {@code javax.sql.DataSource}, say).
 */
public interface BackendContext {

  /** The value of an environment variable, if set. */
  Optional<String> env(String name);

  /** The clock backends must use for anything time-based (token expiry, rate-limit windows). */
  Clock clock();

  /** A service the composition root shares under {@code type}, if it offers one. */
  <T> Optional<T> service(Class<T> type);
}
