package dev.jit.app.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jit.app.Env;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.Settings.DatabaseSettings;
import dev.jit.jdbc.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jit's own database: a HikariCP pool over {@code JIT_DB_URL} (with {@code JIT_DB_USER} and {@code
 * JIT_DB_PASSWORD}), or by default an embedded H2 file database {@code jit} in the data directory.
 * Knows its dialect and applies the schema migrations.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** The embedded database's administrator; it owns the schema and grants the demo's roles. */
  public static final String EMBEDDED_USER = "jit";

  /** What {@link #health} says when the database did not answer within the deadline. */
  public static final String TIMEOUT = "timeout";

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String description;

  /** The default H2 database in the data directory, which belongs to this process. */
  private final boolean embedded;

  /** Runs health pings, so that a ping stuck in the pool never holds up the one who asked. */
  private final ExecutorService healthPings =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "jit-db-health");
            t.setDaemon(true);
            return t;
          });

  private Future<Optional<String>> healthPing;

  private Database(HikariDataSource pool, String description, boolean embedded) {
    this.pool = pool;
    this.description = description;
    this.embedded = embedded;
    try {
      this.dialect = Dialect.of(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw new ConfigException(
          "cannot connect to the database " + description + ": " + rootCause(e), e);
    }
  }

  /** A database over an existing pool (tests: a pool over a DataSource they control). */
  static Database of(HikariDataSource pool, String description) {
    return new Database(pool, description, false);
  }

  /** The embedded H2 URL for a data directory. AUTO_SERVER lets `audit` commands read alongside. */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().normalize().resolve("jit")
        + ";AUTO_SERVER=TRUE";
  }

  /**
   * Opens the pool from the environment, as the login of {@code JIT_DB_USER}.
   *
   * @param mustExist refuse to create an embedded database that is not there yet (the audit
   *     commands read an existing one; creating an empty one would verify "0 records")
   */
  public static Database open(Env env, Path dataDir, DatabaseSettings settings, boolean mustExist) {
    return open(env, dataDir, settings, mustExist, Env.DB_USER, Env.DB_PASSWORD);
  }

  /**
   * Opens the pool as the schema's owner, for {@code jit db migrate}: the login of {@code
   * JIT_DB_OWNER_USER} (with {@code JIT_DB_OWNER_PASSWORD}) when it is set, else that of {@code
   * JIT_DB_USER}, for an operator who runs the command with the owner's credentials in the usual
   * variables.
   */
  public static Database openAsOwner(Env env, Path dataDir, DatabaseSettings settings) {
    return env.get(Env.DB_OWNER_USER).isPresent()
        ? open(env, dataDir, settings, false, Env.DB_OWNER_USER, Env.DB_OWNER_PASSWORD)
        : open(env, dataDir, settings, false, Env.DB_USER, Env.DB_PASSWORD);
  }

  /**
   * The database as {@code serve} needs it. The embedded default (no {@code JIT_DB_URL}) belongs to
   * the process, which migrates it; a database of {@code JIT_DB_URL} is migrated apart, by its
   * owner ({@code jit db migrate}), and is only checked here.
   *
   * @throws SchemaMismatchException when that database's schema is not the one this jit needs
   */
  public static Database openForServing(Env env, Path dataDir, DatabaseSettings settings) {
    Database database = open(env, dataDir, settings, false);
    try {
      if (database.embedded) {
        database.migrate();
      } else {
        String version = database.schema().requireCurrent();
        LOG.info(
            "database {} ({}): schema at version {}",
            database.description,
            database.dialect,
            version);
      }
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static Database open(
      Env env,
      Path dataDir,
      DatabaseSettings settings,
      boolean mustExist,
      String userVariable,
      String passwordVariable) {
    Optional<String> url = env.get(Env.DB_URL);
    HikariConfig config = new HikariConfig();
    String description;
    if (url.isPresent()) {
      config.setJdbcUrl(url.get());
      env.get(userVariable).ifPresent(config::setUsername);
      env.get(passwordVariable).ifPresent(config::setPassword);
      description = "from " + Env.DB_URL;
    } else {
      Path dir = dataDir.toAbsolutePath().normalize();
      if (mustExist && !Files.exists(dir.resolve("jit.mv.db"))) {
        throw new ConfigException(
            "no jit database in "
                + dir
                + " (set "
                + Env.DB_URL
                + " or --data-dir to where `serve` keeps its data)");
      }
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new ConfigException("cannot create the data directory " + dir, e);
      }
      config.setJdbcUrl(embeddedUrl(dir));
      config.setUsername(env.get(userVariable).orElse(EMBEDDED_USER));
      config.setPassword(env.get(passwordVariable).orElse(""));
      description = "embedded H2 in " + dir;
    }
    config.setPoolName("jit-db");
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setInitializationFailTimeout(-1);
    settings.timeouts().applyTo(config);
    return new Database(pool(config, description), description, url.isEmpty());
  }

  /**
   * A pool for {@code config}; {@code source} says where its URL came from. HikariCP fails with the
   * whole URL in its message when no driver accepts it, and masks only a lower-case {@code
   * password=} parameter: a password in the user-info part or in {@code ;PASSWORD=} would be
   * printed. So the failure names the source and the exception class only, and keeps no cause.
   */
  static HikariDataSource pool(HikariConfig config, String source) {
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new ConfigException(
          "cannot open a database pool "
              + source
              + " ("
              + e.getClass().getSimpleName()
              + "): is it a jdbc:postgresql:, jdbc:mariadb: or jdbc:h2: URL?");
    }
  }

  /** Applies jit's schema migrations for this dialect (idempotent); needs the owner's rights. */
  public void migrate() {
    var result = schema().migrate();
    LOG.info(
        "database {} ({}): schema at version {}, {} migration(s) applied",
        description,
        dialect,
        result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  /**
   * The schema version, when it is the one this jit needs.
   *
   * @throws SchemaMismatchException otherwise
   */
  public String requireCurrentSchema() {
    return schema().requireCurrent();
  }

  private Schema schema() {
    return new Schema(pool, description, dialect.migrations());
  }

  /** Whether jit's tables are there (the audit commands need an existing schema). */
  public boolean hasSchema() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT COUNT(*) FROM jit_audit_head").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Runs {@code SELECT 1}; empty when the database answers, otherwise why not (no secrets: the
   * exception class and SQL state only).
   */
  public Optional<String> ping(int timeoutSeconds) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(timeoutSeconds);
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
        return Optional.empty();
      }
    } catch (SQLException e) {
      return Optional.of(
          e.getClass().getSimpleName()
              + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"));
    } catch (RuntimeException e) {
      return Optional.of(e.getClass().getSimpleName());
    }
  }

  /**
   * A health check bounded by {@code deadline} whatever the pool's connectionTimeout: a ping runs
   * on a dedicated thread and the caller waits for it at most {@code deadline}, else gets {@code
   * "timeout"}. A ping still stuck (waiting for a connection) is shared by later checks rather than
   * queued behind; once it ends, the next check pings afresh, so health recovers by itself.
   */
  public Optional<String> health(Duration deadline) {
    Future<Optional<String>> ping;
    synchronized (this) {
      if (healthPing == null || healthPing.isDone()) {
        int seconds = (int) Math.max(1, deadline.toSeconds());
        healthPing = healthPings.submit(() -> ping(seconds));
      }
      ping = healthPing;
    }
    try {
      return ping.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.of(TIMEOUT);
    } catch (ExecutionException e) {
      return Optional.of(e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  public String description() {
    return description;
  }

  @Override
  public void close() {
    healthPings.shutdownNow();
    pool.close();
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName()
        + (t instanceof SQLException s && s.getSQLState() != null
            ? " (SQL state " + s.getSQLState() + ")"
            : "");
  }
}
