package dev.jit.app.cli;

import dev.jit.app.Env;
import dev.jit.app.SlackFrontEnd;
import dev.jit.app.SlackSettings;
import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.config.Settings;
import dev.jit.app.runtime.AppRuntime;
import dev.jit.app.runtime.Database;
import dev.jit.app.runtime.GrantBackends;
import dev.jit.core.audit.Ed25519Keys;
import dev.jit.spi.CheckpointSigner;
import dev.jit.spi.JitException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jit serve}: the long-running process. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run jit: the engine, its durable timers and sweeps, the grant backends, the management"
          + " server (/healthz, /metrics, loopback by default) and Slack (its own port).",
      "Checks the Slack variables first, then the configuration, then the database schema, and"
          + " starts. The embedded H2 default is migrated here; a database of JIT_DB_URL must have"
          + " been migrated by its owner ('jit db migrate'), and serve refuses one that is not at"
          + " this jit's version. Stops gracefully on SIGTERM; open requests resume at the next"
          + " start."
    },
    footer = {
      "",
      "Environment (secrets come only from here):",
      "  SLACK_BOT_TOKEN       required: the bot token (xoxb-...)",
      "  SLACK_SIGNING_SECRET  required in HTTP mode: verifies Slack's requests",
      "  SLACK_APP_TOKEN       optional: an app-level token (xapp-...) switches to Socket Mode",
      "  JIT_SLACK_API_URL     optional: Slack Web API base URL override",
      "  JIT_CONFIG            the configuration file, unless --config is given",
      "  JIT_DB_URL            optional: JDBC URL of jit's database (PostgreSQL, MariaDB, H2);",
      "                        default: embedded H2 in --data-dir",
      "  JIT_DB_USER, JIT_DB_PASSWORD   optional: its credentials (the application login,",
      "                        which must not own the tables; see docs/getting-started.md)",
      "  JIT_HTTP_PORT         optional: the Slack Request URL's port (default 3000), HTTP mode",
      "  JIT_HTTP_ADDRESS      optional: its interface (default 0.0.0.0, all)",
      "  JIT_MANAGEMENT_PORT   optional: port of /healthz and /metrics (default 9464)",
      "  JIT_MANAGEMENT_ADDRESS  optional: their interface (default 127.0.0.1, loopback only)",
      "  JIT_INSTANCE_ID       optional: this process's engine instance id, stable across its",
      "                        restarts, distinct per process",
      "                        (default: <host name>:<management port>)",
      "",
      "Exit codes: 2 when a variable or the configuration is missing or wrong; 3 when the"
          + " database schema is not migrated, behind or ahead of this jit.",
      "See docs/configuration.md and docs/operations.md."
    })
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private final AppContext context;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The configuration file (settings and policy); default: $JIT_CONFIG.")
  Path config;

  @Mixin DatabaseOptions db;

  public ServeCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Env env = context.env();
    SlackSettings slack = SlackSettings.fromEnv(env);
    AppConfig app = ConfigLoader.load(configFile(env, config));
    List<String> problems = GrantBackends.problems(app.policy(), app.settings().backends());
    if (!problems.isEmpty()) {
      throw new ConfigException(GrantBackends.refusal(problems));
    }
    Optional<CheckpointSigner> signer = checkpointSigner(env, app);
    InetSocketAddress management = env.managementAddress();
    InetSocketAddress slackAddress = env.httpAddress();
    Clock clock = Clock.systemUTC();
    SlackFrontEnd front = context.slack().create(slack, app, clock);
    AppRuntime runtime = start(env, app, front, clock, management, slackAddress, signer);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "jit-shutdown"));
    LOG.info("jit is serving ({}), {} resource(s)", slack, app.policy().resources().size());
    stopped.await();
    return ExitCodes.OK;
  }

  private AppRuntime start(
      Env env,
      AppConfig app,
      SlackFrontEnd front,
      Clock clock,
      InetSocketAddress management,
      InetSocketAddress slackAddress,
      Optional<CheckpointSigner> signer) {
    Database database = null;
    GrantBackends backends = null;
    try {
      database = Database.openForServing(env, db.dataDir, app.settings().database());
      backends = GrantBackends.open(app.settings().backends(), database, env, clock);
      backends.preflight();
      AppRuntime.Builder builder = AppRuntime.builder();
      signer.ifPresent(builder::checkpointSigner);
      String channel = app.settings().audit().checkpoints().slackChannel();
      if (signer.isPresent() && !channel.isEmpty()) {
        builder.checkpointSinks(front.checkpointSink(channel).stream().toList());
      }
      AppRuntime runtime =
          builder
              .config(app)
              .database(database)
              .backends(backends)
              .directory(front.directory())
              .notifier(front::notifier)
              .clock(clock)
              .managementAddress(management)
              .instanceId(env.instanceId(management.getPort()))
              .build();
      runtime.beforeEngineStops(front);
      runtime.start(app.settings());
      front.attach(runtime.engine(), slackAddress, runtime.slackMetrics());
      return runtime;
    } catch (RuntimeException e) {
      front.close();
      if (backends != null) {
        backends.close();
      }
      if (database != null) {
        database.close();
      }
      throw e;
    }
  }

  /** The audit checkpoint signer the settings ask for, with its key from the environment. */
  public static Optional<CheckpointSigner> checkpointSigner(Env env, AppConfig app) {
    Settings.CheckpointSettings cs = app.settings().audit().checkpoints();
    if (!cs.enabled()) {
      return Optional.empty();
    }
    String pem =
        env.get(cs.signingKeyEnv())
            .orElseThrow(
                () ->
                    new ConfigException(
                        "settings.audit.checkpoints reads its signing key from "
                            + cs.signingKeyEnv()
                            + ", which is not set"));
    try {
      return Optional.of(Ed25519Keys.signer(cs.keyId(), pem));
    } catch (JitException e) {
      throw new ConfigException("settings.audit.checkpoints: " + e.getMessage());
    }
  }

  static Path configFile(Env env, Path option) {
    if (option != null) {
      return option;
    }
    return env.configFile()
        .orElseThrow(
            () ->
                new ConfigException(
                    "no configuration file: pass --config FILE or set "
                        + Env.CONFIG
                        + " (see reference-app/config/example.yaml)"));
  }
}
