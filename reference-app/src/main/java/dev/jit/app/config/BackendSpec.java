package dev.jit.app.config;

import dev.jit.spi.BackendConfig;
import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.StepRules;
import java.util.Objects;

/**
 * One configured grant-backend instance: its name (what policy steps say in {@code backend:}), its
 * kind's factory and its validated configuration.
 *
 * @param <C> the kind's configuration record
 */
public record BackendSpec<C extends BackendConfig>(
    String name, GrantBackendFactory<C> factory, C config) {
  public BackendSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(config, "config");
  }

  public String kind() {
    return factory.kind();
  }

  /** What steps naming this instance may say, known without creating it. */
  public StepRules stepRules() {
    return factory.stepRules(config);
  }

  public GrantBackend create(BackendContext context) {
    return factory.create(name, config, context);
  }
}
