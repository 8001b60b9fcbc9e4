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
 * @param backends the grant-backend instances, by the names policy steps use ({@code
 *     settings.backends}, and the older {@code settings.databaseRoles})
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
    List<BackendSpec<?>> backends,
    Map<UserId, Map<String, String>> identities) {

  public Settings {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    Objects.requireNonNull(metricsRefreshInterval, "metricsRefreshInterval");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(scheduler, "scheduler");
    backends = List.copyOf(backends);
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
}
