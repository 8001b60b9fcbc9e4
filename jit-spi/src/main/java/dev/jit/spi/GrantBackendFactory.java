package dev.jit.spi;

/**
 * Makes grant backends of one kind from their configuration. Each adapter module ships one; the
 * reference app keeps an explicit list of factories (no classpath scanning), so adding a backend
 * kind to the app is a dependency and one line.
 *
 * @param <C> the adapter's configuration record
 */
public interface GrantBackendFactory<C extends BackendConfig> {

  /** The kind configuration names ({@code kind: okta-group}); {@code [a-z][a-z0-9-]{0,31}}. */
  String kind();

  /** The configuration record the composition root deserialises for this kind. */
  Class<C> configType();

  /**
   * What a backend made from {@code config} accepts in policy steps, without creating it: {@code
   * policy validate} checks a policy with this and opens no connection.
   */
  StepRules stepRules(C config);

  /**
   * A backend named {@code name} (the name policy steps use). {@code config} has passed {@link
   * BackendConfig#validate()}. May fail with {@link JitException} naming what is missing (an
   * environment variable, an unreadable key file); must not block on remote systems.
   */
  GrantBackend create(String name, C config, BackendContext context);
}
