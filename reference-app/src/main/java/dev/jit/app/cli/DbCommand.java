package dev.jit.app.cli;

import dev.jit.app.config.ConfigLoader;
import dev.jit.app.config.Settings;
import dev.jit.app.config.Settings.DatabaseSettings;
import dev.jit.app.runtime.Database;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jit db migrate} and {@code jit db check}: jit's schema, apart from serving. */
@Command(
    name = "db",
    description = "Migrate or check the schema of jit's database.",
    mixinStandardHelpOptions = true,
    subcommands = {DbCommand.Migrate.class, DbCommand.Check.class})
public final class DbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The pool settings of {@code config}, or the defaults without one. */
  static DatabaseSettings settings(Path config) {
    return config == null
        ? Settings.DatabaseSettings.defaults()
        : ConfigLoader.load(config).settings().database();
  }

  /** Prints the schema version, when it is the one this jit needs. */
  private static int current(CommandSpec spec, Database database, String suffix) {
    String version = database.requireCurrentSchema();
    spec.commandLine()
        .getOut()
        .println(
            "jit's database "
                + database.description()
                + " is at schema version "
                + version
                + suffix);
    return ExitCodes.OK;
  }

  /** Applies the migrations of this jar, as the schema's owner. */
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = {
        "Apply jit's schema migrations to the database of JIT_DB_URL (or the embedded one in"
            + " --data-dir), as the schema's owner: the login of JIT_DB_OWNER_USER and"
            + " JIT_DB_OWNER_PASSWORD when set, else of JIT_DB_USER and JIT_DB_PASSWORD.",
        "Run it before the first 'jit serve' and after every upgrade, then the grants script"
            + " (db/grants/) for the login serve runs as; serve itself never migrates a database"
            + " of JIT_DB_URL. Idempotent."
      },
      footer = {
        "",
        "Exit codes: 0 migrated (or already current), 2 the database cannot be reached or a"
            + " migration failed (for example: the login lacks the owner's rights).",
        "See docs/getting-started.md (least-privilege setup) and docs/database.md."
      })
  public static final class Migrate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    private final AppContext context;

    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description = "the configuration, for settings.database (pool and timeouts)")
    Path config;

    public Migrate(AppContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Database database = Database.openAsOwner(context.env(), db.dataDir, settings(config))) {
        database.migrate();
        return current(spec, database, "");
      }
    }
  }

  /** Whether the schema is the one this jit needs, as {@code serve} checks it. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check, as serve does at start, that the schema of the database of JIT_DB_URL (or the"
            + " embedded one in --data-dir) is at this jit's version. Reads as JIT_DB_USER."
            + " Read-only."
      },
      footer = {
        "",
        "Exit codes: 0 current, 3 not migrated, behind or ahead, 2 the database cannot be read."
      })
  public static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    private final AppContext context;

    public Check(AppContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Database database =
          Database.open(context.env(), db.dataDir, Settings.DatabaseSettings.defaults(), true)) {
        return current(spec, database, ", the one this jit needs");
      }
    }
  }
}
