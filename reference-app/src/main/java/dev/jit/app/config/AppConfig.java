package dev.jit.app.config;

import dev.jit.core.policy.Policy;
import java.util.Objects;

/**
 * The configuration file, loaded: settings and policy. Secrets are never part of it; they come from
 * the environment ({@link dev.jit.app.Env}).
 *
 * @param source the file, as named in messages
 */
public record AppConfig(String source, Settings settings, Policy policy) {
  public AppConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(policy, "policy");
  }
}
