package dev.jit.app.config;

import dev.jit.core.EngineSettings;
import dev.jit.core.policy.InvalidFieldException;
import dev.jit.core.policy.StepTemplate;
import dev.jit.jdbc.JdbcTimeouts;
import dev.jit.spi.Ids;
import dev.jit.spi.Problem;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code settings:} part of the configuration file: everything but the policy and the secrets.
 * Every field has a default (see docs/configuration.md), so an absent {@code settings:} is valid.
 * The records hold the rules; a broken one throws an {@link InvalidFieldException} naming the key.
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
 * @param audit signed checkpoints of the audit chain, written outside the database
 */
public record Settings(
    EngineSettings engine,
    Duration sweepInterval,
    Duration reconcileInterval,
    Duration metricsRefreshInterval,
    DatabaseSettings database,
    SchedulerSettings scheduler,
    List<BackendSpec<?>> backends,
    Map<UserId, Map<String, String>> identities,
    AuditSettings audit) {

  public Settings {
    Objects.requireNonNull(engine, "engine");
    positive(sweepInterval, "sweepInterval");
    positive(reconcileInterval, "reconcileInterval");
    positive(metricsRefreshInterval, "metricsRefreshInterval");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(scheduler, "scheduler");
    backends = List.copyOf(backends);
    identities.forEach(
        (user, kinds) ->
            kinds.forEach(
                (kind, value) -> {
                  String field = "identities." + user.value() + "." + kind;
                  if (!IDENTITY_KIND.matcher(kind).matches()) {
                    throw new InvalidFieldException(
                        field,
                        "'"
                            + Ids.printable(kind)
                            + "' is not a valid identity kind (expected "
                            + IDENTITY_KIND.pattern()
                            + ")");
                  }
                  if (value == null || value.isBlank()) {
                    throw new InvalidFieldException(field, "expected a non-empty string");
                  }
                }));
    identities = Map.copyOf(identities);
    Objects.requireNonNull(audit, "audit");
  }

  /** The spelling of an identity kind, the same as a policy step's {@code principal}. */
  private static final Pattern IDENTITY_KIND = StepTemplate.PRINCIPAL;

  /** These settings with the backend instances and identities replaced. */
  public Settings with(List<BackendSpec<?>> backends, Map<UserId, Map<String, String>> identities) {
    return new Settings(
        engine,
        sweepInterval,
        reconcileInterval,
        metricsRefreshInterval,
        database,
        scheduler,
        backends,
        identities,
        audit);
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
        Map.of(),
        AuditSettings.defaults());
  }

  /** The audit trail's protection beyond the database. */
  public record AuditSettings(CheckpointSettings checkpoints) {
    public AuditSettings {
      Objects.requireNonNull(checkpoints, "checkpoints");
    }

    public static AuditSettings defaults() {
      return new AuditSettings(CheckpointSettings.defaults());
    }
  }

  /**
   * Signed checkpoints of the audit chain's head (docs/audit-record.md). Off unless {@code
   * signingKeyEnv} names the environment variable that holds the Ed25519 private key (PKCS#8 PEM).
   *
   * @param signingKeyEnv the variable holding the key; empty for no checkpoints
   * @param keyId the key's name on every checkpoint, so verifiers pick its public key after a
   *     rotation
   * @param interval how often the head is signed (and once more at shutdown)
   * @param file the append-only file the checkpoints are written to; put it where the database's
   *     operators cannot write
   * @param slackChannel a Slack channel id each checkpoint is also posted to (a second witness the
   *     database's operators cannot rewrite); empty for none
   */
  public record CheckpointSettings(
      String signingKeyEnv, String keyId, Duration interval, String file, String slackChannel) {
    private static final Pattern CHANNEL = Pattern.compile("[CG][A-Z0-9]{2,20}");
    private static final Pattern ENV = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public CheckpointSettings {
      signingKeyEnv = Objects.requireNonNullElse(signingKeyEnv, "");
      keyId = Objects.requireNonNullElse(keyId, "");
      file = Objects.requireNonNullElse(file, "");
      slackChannel = Objects.requireNonNullElse(slackChannel, "");
      positive(interval, "interval");
      if (!slackChannel.isEmpty() && !CHANNEL.matcher(slackChannel).matches()) {
        throw new InvalidFieldException(
            "slackChannel", "expected a Slack channel id such as C0123ABCD, not a name");
      }
      if (!signingKeyEnv.isEmpty()) {
        if (!ENV.matcher(signingKeyEnv).matches()) {
          throw new InvalidFieldException(
              "signingKeyEnv",
              "expected the name of an environment variable (the key is never written in the file)");
        }
        if (!KEY_ID.matcher(keyId).matches()) {
          throw new InvalidFieldException("keyId", "expected a key id: [A-Za-z0-9._-]{1,64}");
        }
        if (file.isBlank()) {
          throw new InvalidFieldException(
              "file", "checkpoints need a file outside the database to be written to");
        }
      }
    }

    public boolean enabled() {
      return !signingKeyEnv.isEmpty();
    }

    public static CheckpointSettings defaults() {
      return new CheckpointSettings("", "", Duration.ofMinutes(1), "", "");
    }
  }

  /**
   * jit's own database pool. The URL and credentials come from the environment only.
   *
   * @param maximumPoolSize connections in the pool, at least 2
   * @param connectionTimeout how long to wait for a connection from the pool
   * @param connectTimeout how long the driver waits to open a TCP connection to the server
   * @param socketTimeout how long the driver waits for any answer from the server before it gives
   *     the connection up; longer than {@code statementTimeout}, so the server cancels first
   * @param statementTimeout the longest a statement may run on the server (PostgreSQL {@code
   *     statement_timeout}, MariaDB {@code max_statement_time}); H2 has none
   * @param lockTimeout the longest a statement may wait for a lock (PostgreSQL {@code
   *     lock_timeout}, MariaDB {@code lock_wait_timeout} and {@code innodb_lock_wait_timeout})
   */
  public record DatabaseSettings(
      int maximumPoolSize,
      Duration connectionTimeout,
      Duration connectTimeout,
      Duration socketTimeout,
      Duration statementTimeout,
      Duration lockTimeout) {
    public DatabaseSettings {
      if (maximumPoolSize < 2) {
        throw new InvalidFieldException("maximumPoolSize", "must be at least 2");
      }
      positive(connectionTimeout, "connectionTimeout");
      for (Problem p :
          new JdbcTimeouts(connectTimeout, socketTimeout, statementTimeout, lockTimeout)
              .problems()) {
        throw new InvalidFieldException(p.key(), p.message());
      }
    }

    public static DatabaseSettings defaults() {
      JdbcTimeouts t = JdbcTimeouts.defaults();
      return new DatabaseSettings(
          10, Duration.ofSeconds(10), t.connect(), t.socket(), t.statement(), t.lock());
    }

    /** The bounds on every connection of the pool. */
    public JdbcTimeouts timeouts() {
      return new JdbcTimeouts(connectTimeout, socketTimeout, statementTimeout, lockTimeout);
    }

    /** These settings with other connection bounds (tests shorten them). */
    public DatabaseSettings with(JdbcTimeouts t) {
      return new DatabaseSettings(
          maximumPoolSize, connectionTimeout, t.connect(), t.socket(), t.statement(), t.lock());
    }
  }

  /** The durable timers: how often every process polls, with how many delivery threads. */
  public record SchedulerSettings(Duration pollingInterval, int threads, Duration retryDelay) {
    public SchedulerSettings {
      positive(pollingInterval, "pollingInterval");
      if (threads < 1) {
        throw new InvalidFieldException("threads", "must be at least 1");
      }
      positive(retryDelay, "retryDelay");
    }

    public static SchedulerSettings defaults() {
      return new SchedulerSettings(Duration.ofMillis(500), 4, Duration.ofSeconds(30));
    }
  }

  private static void positive(Duration d, String field) {
    Objects.requireNonNull(d, field);
    if (d.isZero() || d.isNegative()) {
      throw new InvalidFieldException(field, "must be positive");
    }
  }
}
