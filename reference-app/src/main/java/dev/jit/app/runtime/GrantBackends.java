package dev.jit.app.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jit.app.Env;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.Settings.DatabaseRoleSettings;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.core.policy.StepTemplate;
import dev.jit.jdbc.DatabaseRoleBackend;
import dev.jit.spi.GrantBackend;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The grant backends this build can run, made from settings. Today that is database roles only; the
 * Okta, AWS IAM Identity Center and Kubernetes adapters are not written yet, so a policy that names
 * their backend types cannot be served.
 */
public final class GrantBackends implements AutoCloseable {
  private final List<GrantBackend> backends;
  private final List<HikariDataSource> pools;

  private GrantBackends(List<GrantBackend> backends, List<HikariDataSource> pools) {
    this.backends = List.copyOf(backends);
    this.pools = List.copyOf(pools);
  }

  /**
   * The policy steps whose backend type has no adapter here, each as {@code backend 'x' (resource
   * 'r', role 'n')}; empty when everything can be served.
   */
  public static List<String> unavailable(Policy policy, Set<String> available) {
    Set<String> out = new LinkedHashSet<>();
    for (ResourcePolicy rp : policy.resources().values()) {
      for (RolePolicy role : rp.roles().values()) {
        for (StepTemplate step : role.steps()) {
          if (!available.contains(step.backend())) {
            out.add(
                "backend '"
                    + step.backend()
                    + "' (resource '"
                    + rp.id().value()
                    + "', role '"
                    + role.name().value()
                    + "')");
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** The sentence serve prints when {@link #unavailable} is not empty. */
  public static String refusal(List<String> unavailable) {
    return "cannot serve this policy: no grant backend is configured or available for "
        + String.join(", ", unavailable)
        + ". This build has database-role backends only (settings.databaseRoles); the okta-group,"
        + " aws-sso and k8s-rbac adapters are not written yet.";
  }

  /** Builds one {@link DatabaseRoleBackend} per {@code settings.databaseRoles} entry. */
  public static GrantBackends open(List<DatabaseRoleSettings> settings, Database jit, Env env) {
    List<GrantBackend> backends = new ArrayList<>();
    List<HikariDataSource> pools = new ArrayList<>();
    try {
      for (DatabaseRoleSettings s : settings) {
        javax.sql.DataSource target;
        if (s.usesJitDatabase()) {
          target = jit.dataSource();
        } else {
          HikariConfig c = new HikariConfig();
          c.setPoolName("grant-" + s.backend());
          c.setJdbcUrl(s.url());
          c.setMaximumPoolSize(2);
          c.setInitializationFailTimeout(-1);
          if (!s.usernameEnv().isEmpty()) {
            c.setUsername(required(env, s.usernameEnv(), s.backend()));
          }
          if (!s.passwordEnv().isEmpty()) {
            c.setPassword(required(env, s.passwordEnv(), s.backend()));
          }
          HikariDataSource pool =
              Database.pool(c, "for settings.databaseRoles backend '" + s.backend() + "'");
          pools.add(pool);
          target = pool;
        }
        backends.add(
            DatabaseRoleBackend.builder(s.backend(), target)
                .managedRoles(new LinkedHashSet<>(s.roles()))
                .endSessionsOnRevoke(s.endSessionsOnRevoke())
                .validUntil(s.validUntil())
                .host(s.host())
                .build());
      }
    } catch (RuntimeException e) {
      pools.forEach(HikariDataSource::close);
      throw e;
    }
    return new GrantBackends(backends, pools);
  }

  private static String required(Env env, String variable, String backend) {
    return env.get(variable)
        .orElseThrow(
            () ->
                new ConfigException(
                    "database role backend '"
                        + backend
                        + "' reads its credentials from "
                        + variable
                        + ", which is not set"));
  }

  public List<GrantBackend> all() {
    return backends;
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
  }
}
