package dev.jit.app.runtime;

import dev.jit.app.Env;
import dev.jit.app.config.BackendSpec;
import dev.jit.app.config.ConfigException;
import dev.jit.core.PolicySteps;
import dev.jit.core.policy.Policy;
import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.JitException;
import dev.jit.spi.StepRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured grant-backend instances, created through their kinds' factories, and closed
 * together on shutdown.
 */
public final class GrantBackends implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrantBackends.class);

  private final List<GrantBackend> backends;

  private GrantBackends(List<GrantBackend> backends) {
    this.backends = List.copyOf(backends);
  }

  /**
   * Every problem between the policy's grant steps and the configured instances (a step naming no
   * instance, a key the kind does not take or lacks, a role outside its managed scope), one
   * sentence each, found without creating anything.
   */
  public static List<String> problems(Policy policy, List<BackendSpec<?>> specs) {
    Map<String, StepRules> rules = new LinkedHashMap<>();
    for (BackendSpec<?> spec : specs) {
      rules.put(spec.name(), spec.stepRules());
    }
    return PolicySteps.problems(policy, rules);
  }

  /** The sentence serve and validate print when {@link #problems} is not empty. */
  public static String refusal(List<String> problems) {
    return "the policy's grant steps do not fit the configured backends (settings.backends): "
        + String.join("; ", problems);
  }

  /**
   * Creates every instance. Backends with no database of their own grant on jit's, shared as a
   * {@link DataSource} service. A failure closes what was already created.
   */
  public static GrantBackends open(List<BackendSpec<?>> specs, Database jit, Env env, Clock clock) {
    BackendContext context = new Context(env, clock, jit.dataSource());
    List<GrantBackend> made = new ArrayList<>();
    try {
      for (BackendSpec<?> spec : specs) {
        try {
          made.add(spec.create(context));
        } catch (JitException e) {
          throw new ConfigException(
              "backend '" + spec.name() + "' (" + spec.kind() + "): " + e.getMessage(), e);
        }
        LOG.info("grant backend '{}' ({}) ready", spec.name(), spec.kind());
      }
    } catch (RuntimeException e) {
      made.forEach(GrantBackends::closeQuietly);
      throw e;
    }
    return new GrantBackends(made);
  }

  public List<GrantBackend> all() {
    return backends;
  }

  /**
   * What each backend's own start-up checks found (missing permissions of jit's credentials, risky
   * platform settings), one sentence each, naming the backend; logged, and printed by serve, which
   * starts anyway.
   */
  public List<String> preflight() {
    List<String> out = new ArrayList<>();
    for (GrantBackend b : backends) {
      try {
        b.preflight().forEach(p -> out.add("backend '" + b.type() + "': " + p));
      } catch (RuntimeException e) {
        out.add(
            "backend '"
                + b.type()
                + "': its start-up check failed ("
                + e.getClass().getSimpleName()
                + ")");
      }
    }
    out.forEach(LOG::warn);
    return List.copyOf(out);
  }

  @Override
  public void close() {
    backends.forEach(GrantBackends::closeQuietly);
  }

  private static void closeQuietly(GrantBackend backend) {
    try {
      backend.close();
    } catch (RuntimeException e) {
      LOG.warn("grant backend '{}' failed to close", backend.type(), e);
    }
  }

  /** What factories may use: the environment, the clock and jit's own database. */
  private record Context(Env env, Clock clock, DataSource jitDatabase) implements BackendContext {
    Context {
      Objects.requireNonNull(env, "env");
      Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<String> env(String name) {
      return env.get(name);
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
      return type == DataSource.class && jitDatabase != null
          ? Optional.of(type.cast(jitDatabase))
          : Optional.empty();
    }
  }
}
