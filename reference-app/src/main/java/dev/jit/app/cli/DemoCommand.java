package dev.jit.app.cli;

import dev.jit.app.Env;
import dev.jit.app.SlackFrontEnd;
import dev.jit.app.SlackSettings;
import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.runtime.AppRuntime;
import dev.jit.app.runtime.Database;
import dev.jit.app.runtime.GrantBackends;
import dev.jit.slack.testkit.FakeSlack;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jit demo}: everything in one process, nothing to set up. A fake Slack (jit-slack-testkit)
 * on 127.0.0.1, an embedded H2 database in a temporary directory whose real role {@code
 * payments_read} the policy grants, and a clock that jumps so expiry happens at once. The script
 * sends what Slack would send (signed, over HTTP, to the real handlers): alice's {@code /jit}
 * command and modal, both owners' approvals; it prints what each Slack surface shows, checks the
 * role on H2 after the grant and after expiry, prints the audit trail and verifies its chain.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a self-contained demo: in-process fake Slack, embedded H2 in a temporary directory,"
          + " a clock that jumps forward. Needs no variables and no configuration.",
      "Exits 0 when the whole flow ran and the audit chain verified, 1 otherwise."
    })
public final class DemoCommand implements Callable<Integer> {
  static final String REQUESTER = "U0DEMOREQ";
  static final String OWNER_1 = "U0DEMOOWN1";
  static final String OWNER_2 = "U0DEMOOWN2";
  static final String ROLE = "payments_read";
  static final String DB_USER = "alice";
  static final String CONFIG_RESOURCE = "/dev/jit/app/demo.yaml";

  /** Used only between the demo's own fake Slack and its own app. */
  static final String DEMO_SIGNING_SECRET = "jit-demo-signing-secret";

  @Spec CommandSpec spec;
  private final AppContext context;

  public DemoCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DemoClock clock = new DemoClock();
    AppConfig app = ConfigLoader.parse(demoConfig(), "demo.yaml");
    Path dir = Files.createTempDirectory("jit-demo-");
    try (FakeSlack slack = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, clock)) {
      slack.addUser(FakeSlack.User.of(REQUESTER, "alice").withEmail("alice@example.com"));
      slack.addUser(FakeSlack.User.of(OWNER_1, "olivia").withEmail("olivia@example.com"));
      slack.addUser(FakeSlack.User.of(OWNER_2, "oscar").withEmail("oscar@example.com"));
      out.println(
          "[demo] fake Slack on "
              + slack.apiUrl()
              + " with alice (requester), olivia and"
              + " oscar (owners of demo-payments-db)");
      Database database = Database.open(new Env(Map.of()), dir, app.settings().database(), false);
      AppRuntime runtime = null;
      try {
        database.migrate();
        createRoleAndUser(database);
        out.println(
            "[demo] embedded H2 in "
                + dir
                + ": schema migrated, role "
                + ROLE
                + " and database user "
                + DB_USER
                + " created");
        SlackSettings settings =
            new SlackSettings(
                slack.token(),
                Optional.of(DEMO_SIGNING_SECRET),
                Optional.empty(),
                Optional.of(slack.apiUrl()));
        SlackFrontEnd front = context.slack().create(settings, app, clock);
        runtime =
            AppRuntime.builder()
                .config(app)
                .database(database)
                .backends(
                    GrantBackends.open(
                        app.settings().backends(), database, new Env(Map.of()), clock))
                .directory(front.directory())
                .notifier(front::notifier)
                .clock(clock)
                .build();
        runtime.beforeEngineStops(front);
        runtime.start(app.settings());
        front.attach(
            runtime.engine(), new InetSocketAddress("127.0.0.1", 0), runtime.slackMetrics());
        URI endpoint = front.requestUrl().orElseThrow();
        return new Script(out, slack, clock, runtime, database, endpoint).run()
            ? ExitCodes.OK
            : ExitCodes.FAILED;
      } finally {
        if (runtime != null) {
          runtime.close();
        } else {
          database.close();
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  static String demoConfig() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CONFIG_RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real role the demo grants, and the database user it is granted to. */
  private static void createRoleAndUser(Database database) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE IF NOT EXISTS " + ROLE);
      s.execute("CREATE USER IF NOT EXISTS " + DB_USER + " PASSWORD 'demo-only'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the demo database", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
