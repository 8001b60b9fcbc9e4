package dev.jit.app.config;

import dev.jit.core.EngineSettings;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code settings:} part of the configuration file: everything but the policy and the secrets.
 * Every field has a default (see docs/configuration.md), so an absent {@code settings:} is valid.
 *
 * @param engine the engine's tunables
 * @param sweepInterval how often {@code engine.sweep()} runs (the safety net for lost timers)
 * @param reconcileInterval how often {@code engine.reconcile()} runs (revokes access nothing backs)
 * @param metricsRefreshInterval how often the request-state gauges are read from the database
 * @param database jit's own database pool
 * @param scheduler the durable timer scheduler (db-scheduler)
 * @param databaseRoles the database-role grant backends, one per backend type the policy names
 * @param identities per Slack user, identities Slack does not know (a database user, an Okta
 *     login); Slack's directory supplies {@code email}
 */
public record Settings(
    EngineSettings engine,
    Duration sweepInterval,
    Duration reconcileInterval,
    Duration metricsRefreshInterval,
    DatabaseSettings database,
    SchedulerSettings scheduler,
    List<DatabaseRoleSettings> databaseRoles,
    Map<UserId, Map<String, String>> identities) {

  public Settings {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    Objects.requireNonNull(metricsRefreshInterval, "metricsRefreshInterval");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(scheduler, "scheduler");
    databaseRoles = List.copyOf(databaseRoles);
    identities = Map.copyOf(identities);
  }

  public static Settings defaults() {
    return new Settings(
        EngineSettings.defaults(),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofSeconds(15),
        DatabaseSettings.defaults(),
        SchedulerSettings.defaults(),
        List.of(),
        Map.of());
  }

  /** jit's own database pool. The URL and credentials come from the environment only. */
  public record DatabaseSettings(int maximumPoolSize, Duration connectionTimeout) {
    public static DatabaseSettings defaults() {
      return new DatabaseSettings(10, Duration.ofSeconds(10));
    }
  }

  /** The durable timers: how often every process polls, with how many delivery threads. */
  public record SchedulerSettings(Duration pollingInterval, int threads, Duration retryDelay) {
    public static SchedulerSettings defaults() {
      return new SchedulerSettings(Duration.ofMillis(500), 4, Duration.ofSeconds(30));
    }
  }

  /**
   * One database-role grant backend.
   *
   * @param backend the backend type grant steps name ({@code backend: h2-role})
   * @param url the target database's JDBC URL; empty means jit's own database
   * @param usernameEnv the environment variable holding the target database user; empty for none
   * @param passwordEnv the environment variable holding its password; empty for none
   * @param roles the roles this backend may grant (the allow-list)
   * @param endSessionsOnRevoke end the user's sessions when a role is revoked
   * @param validUntil PostgreSQL only: set VALID UNTIL to the expiry on grant
   * @param host MariaDB only: the host part of accounts
   */
  public record DatabaseRoleSettings(
      String backend,
      String url,
      String usernameEnv,
      String passwordEnv,
      List<String> roles,
      boolean endSessionsOnRevoke,
      boolean validUntil,
      String host) {
    public DatabaseRoleSettings {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(usernameEnv, "usernameEnv");
      Objects.requireNonNull(passwordEnv, "passwordEnv");
      roles = List.copyOf(roles);
      Objects.requireNonNull(host, "host");
    }

    /** Whether this backend grants on jit's own database (the embedded H2 demo does). */
    public boolean usesJitDatabase() {
      return url.isEmpty();
    }
  }
}
