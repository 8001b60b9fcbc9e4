package dev.jit.app.runtime;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.Settings;
import dev.jit.core.JitEngine;
import dev.jit.core.JitEngineBuilder;
import dev.jit.core.ReconciliationReport;
import dev.jit.core.audit.Checkpointer;
import dev.jit.core.audit.FileCheckpointSink;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.jdbc.JdbcMessageRefStore;
import dev.jit.jdbc.JdbcOutbox;
import dev.jit.jdbc.JdbcRequestStore;
import dev.jit.jdbc.JdbcScheduler;
import dev.jit.spi.CheckpointSigner;
import dev.jit.spi.CheckpointSink;
import dev.jit.spi.Directory;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.Notifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running app without Slack: the engine over jit's database (request store, audit log, durable
 * timers, message references), the grant backends, metrics, periodic sweep and reconciliation, and
 * the management HTTP server. {@code serve} starts one and attaches the Slack front end to it;
 * tests start one with an in-memory directory and notifier.
 *
 * <p>{@link #close()} is the graceful shutdown: stop taking HTTP work, stop the periodic work, stop
 * the scheduler (db-scheduler waits for deliveries in flight), close the pools. Whatever was in
 * progress is picked up by {@code recover()} at the next start.
 */
public final class AppRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppRuntime.class);

  private final Database database;
  private final GrantBackends backends;
  private final PrometheusMeterRegistry registry;
  private final JitEngine engine;
  private final AppHttp http;
  private final ScheduledExecutorService maintenance;

  /** Runs {@link JitEngine#rearm} once, after the port opens; interrupted by {@link #close}. */
  private final ScheduledExecutorService recovery = daemon("jit-recovery");

  /** Delivers notifications after commits and every {@link #DELIVERY_INTERVAL}; one thread. */
  private final ScheduledExecutorService deliveries;

  /** How often notifications that are due (retries, another replica's) are looked for. */
  static final Duration DELIVERY_INTERVAL = Duration.ofSeconds(1);

  private final RequestStats stats;
  private AutoCloseable beforeEngineStops = () -> {};
  private final Optional<Checkpointer> checkpointer;

  private AppRuntime(Builder b) {
    this.database = b.database;
    this.backends = b.backends;
    // Each write commits alone, the audit appends of concurrent changes grouped into one
    // transaction: JdbcTransactions (one transaction per change) holds the audit head through
    // every change's commit, and made mass expiries several times later (docs/database.md).
    JdbcAuditLog audit = new JdbcAuditLog(b.database.dataSource(), b.database.dialect());
    Settings settings = b.config.settings();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    stats = new RequestStats(database.dataSource(), b.clock, registry);
    MessageRefStore refs = new JdbcMessageRefStore(database.dataSource(), database.dialect());
    deliveries = daemon("jit-notifications");
    JitEngineBuilder engineBuilder =
        JitEngine.builder()
            .policy(b.config.policy())
            .store(new JdbcRequestStore(database.dataSource(), database.dialect()))
            .auditLog(audit)
            .scheduler(
                new JdbcScheduler(
                    database.dataSource(),
                    b.clock,
                    settings.scheduler().pollingInterval(),
                    settings.scheduler().retryDelay(),
                    settings.scheduler().threads()))
            .owners(new PolicyOwnerResolver(b.config.policy()))
            .directory(b.directory)
            .notifier(new MeteredNotifier(b.notifier.apply(refs), registry))
            .outbox(new JdbcOutbox(database.dataSource()))
            .deliveryExecutor(deliveries)
            .clock(b.clock)
            .instanceId(b.instanceId)
            .settings(settings.engine());
    for (GrantBackend backend : backends.all()) {
      engineBuilder.backend(new MeteredGrantBackend(backend, registry));
    }
    engine = engineBuilder.build();
    Settings.CheckpointSettings cs = b.config.settings().audit().checkpoints();
    Counter failures =
        Counter.builder("jit.audit.checkpoint.failures")
            .description("Signed audit checkpoints a sink could not take (they are retried)")
            .register(registry);
    this.checkpointer =
        b.signer.map(
            signer ->
                new Checkpointer(
                    audit,
                    signer,
                    sinks(cs, b.extraSinks),
                    b.clock,
                    alarm -> failures.increment()));
    try {
      http = new AppHttp(b.management, database, registry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the management address " + b.management, e);
    }
    maintenance = daemon("jit-maintenance");
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  private static List<CheckpointSink> sinks(
      Settings.CheckpointSettings cs, List<CheckpointSink> extra) {
    List<CheckpointSink> out = new java.util.ArrayList<>();
    out.add(new FileCheckpointSink(Path.of(cs.file())));
    out.addAll(extra);
    return List.copyOf(out);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts timers, takes back this instance's leases, schedules the sweep, reconciliation and
   * metric refreshes, opens the management port, and then re-arms the timers of every open request
   * in the background ({@link JitEngine#rearm}: due work first), so the port does not wait for it.
   */
  public AppRuntime start(Settings settings) {
    engine.start();
    engine.takeBack();
    every(
        settings.sweepInterval(),
        settings.sweepInterval(),
        "sweep",
        () -> {
          int acted = engine.sweep();
          if (acted > 0) {
            LOG.info("sweep acted on {} overdue request(s)", acted);
          }
        });
    every(
        settings.reconcileInterval(),
        settings.reconcileInterval(),
        "reconcile",
        () -> {
          ReconciliationReport report = engine.reconcile();
          if (!report.clean()) {
            LOG.warn("reconciliation: {}", report);
          }
        });
    every(Duration.ZERO, settings.metricsRefreshInterval(), "metrics refresh", stats::refresh);
    deliveries.scheduleWithFixedDelay(
        () -> {
          try {
            engine.deliverNotifications();
          } catch (RuntimeException e) {
            LOG.warn(
                "notification delivery failed; next round in {}: {}",
                DELIVERY_INTERVAL,
                e.toString());
          }
        },
        DELIVERY_INTERVAL.toMillis(),
        DELIVERY_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    checkpointer.ifPresent(
        c -> {
          Duration every = settings.audit().checkpoints().interval();
          every(every, every, "audit checkpoint", c::checkpoint);
        });
    http.start();
    LOG.info("management server on {} (/healthz, /metrics)", http.address());
    recovery.execute(this::rearm);
    return this;
  }

  private void rearm() {
    long started = System.nanoTime();
    try {
      int armed = engine.rearm();
      LOG.info(
          "recovery: timers of {} open request(s) in place after {} ms",
          armed,
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warn("recovery stopped (the periodic sweep still acts on what is due): {}", e.toString());
    }
  }

  private void every(Duration initial, Duration period, String what, Runnable task) {
    maintenance.scheduleAtFixedRate(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("{} failed; next run in {}: {}", what, period, e.toString());
          }
        },
        initial.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Run on shutdown after the HTTP server stops and before the engine does (the Slack seam). */
  public void beforeEngineStops(AutoCloseable hook) {
    this.beforeEngineStops = Objects.requireNonNull(hook, "hook");
  }

  public JitEngine engine() {
    return engine;
  }

  public AppHttp http() {
    return http;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** What the Slack listeners count, into this runtime's registry (served on /metrics). */
  public MeteredSlack slackMetrics() {
    return new MeteredSlack(registry);
  }

  /** Refreshes the request gauges now (they refresh on their own every metricsRefreshInterval). */
  public void refreshMetrics() {
    stats.refresh();
  }

  @Override
  public void close() {
    LOG.info("shutting down: HTTP, Slack, periodic work, timers, database");
    http.close();
    try {
      beforeEngineStops.close();
    } catch (Exception e) {
      LOG.warn("closing the Slack front end failed: {}", e.toString());
    }
    maintenance.shutdown();
    deliveries.shutdown();
    recovery.shutdownNow();
    try {
      recovery.awaitTermination(10, TimeUnit.SECONDS);
      maintenance.awaitTermination(10, TimeUnit.SECONDS);
      deliveries.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.stop();
    checkpointer.ifPresent(
        c -> {
          try {
            c.checkpoint();
          } catch (RuntimeException e) {
            LOG.error("the last audit checkpoint could not be made: {}", e.toString());
          }
        });
    backends.close();
    database.close();
    registry.close();
    LOG.info("stopped; open requests resume at the next start (recovery)");
  }

  /** The parts of a runtime; all required. */
  public static final class Builder {
    private AppConfig config;
    private Database database;
    private GrantBackends backends;
    private Directory directory;
    private Function<MessageRefStore, Notifier> notifier;
    private Clock clock = Clock.systemUTC();
    private InetSocketAddress management = new InetSocketAddress("127.0.0.1", 0);
    private String instanceId = JitEngine.DEFAULT_INSTANCE_ID;
    private Optional<CheckpointSigner> signer = Optional.empty();
    private List<CheckpointSink> extraSinks = List.of();

    private Builder() {}

    /**
     * Signs audit checkpoints with this key (settings.audit.checkpoints say where and how often).
     */
    public Builder checkpointSigner(CheckpointSigner signer) {
      this.signer = Optional.of(signer);
      return this;
    }

    /** Witnesses besides the settings' file (the Slack security channel). */
    public Builder checkpointSinks(List<CheckpointSink> sinks) {
      this.extraSinks = List.copyOf(sinks);
      return this;
    }

    public Builder config(AppConfig config) {
      this.config = config;
      return this;
    }

    /** jit's database, migrated. Closed by the runtime. */
    public Builder database(Database database) {
      this.database = database;
      return this;
    }

    /** Closed by the runtime. */
    public Builder backends(GrantBackends backends) {
      this.backends = backends;
      return this;
    }

    public Builder directory(Directory directory) {
      this.directory = directory;
      return this;
    }

    /** The engine's notifier, made over the message reference store. */
    public Builder notifier(Function<MessageRefStore, Notifier> notifier) {
      this.notifier = notifier;
      return this;
    }

    /** A running clock (db-scheduler polls by it). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Where /healthz and /metrics listen; loopback on a free port unless set. */
    public Builder managementAddress(InetSocketAddress address) {
      this.management = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The engine's instance id (JitEngineBuilder#instanceId); {@code jit} when not given. */
    public Builder instanceId(String id) {
      this.instanceId = Objects.requireNonNull(id, "instanceId");
      return this;
    }

    /** Builds the engine and the HTTP server; nothing runs until {@link #start}. */
    public AppRuntime build() {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(backends, "backends");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(notifier, "notifier");
      Objects.requireNonNull(clock, "clock");
      return new AppRuntime(this);
    }
  }
}
