package dev.jit.app;

import dev.jit.app.cli.AppContext;
import dev.jit.app.cli.AuditCommand;
import dev.jit.app.cli.DbCommand;
import dev.jit.app.cli.DemoCommand;
import dev.jit.app.cli.ExitCodes;
import dev.jit.app.cli.K8sCommand;
import dev.jit.app.cli.PolicyCommand;
import dev.jit.app.cli.ReportCommand;
import dev.jit.app.cli.ServeCommand;
import dev.jit.app.runtime.SchemaMismatchException;
import dev.jit.spi.JitException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jit} command: the reference app's entry point and composition root.
 *
 * <p>Exit codes: 0 ok, 1 a verification or validation failed, 2 usage, configuration or environment
 * error, 3 jit's database schema is not the version this jit needs.
 */
@Command(
    name = "jit",
    mixinStandardHelpOptions = true,
    version = "jit 0.1.0-SNAPSHOT",
    description = {
      "Just-in-time, least-privilege access grants behind Slack.",
      "Start with 'jit policy validate config/example.yaml', then 'jit serve'."
    },
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      PolicyCommand.class,
      AuditCommand.class,
      DbCommand.class,
      ReportCommand.class,
      K8sCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 verification or validation failed, 2 usage or configuration error,",
      "  3 the database schema is not the version this jit needs (run 'jit db migrate').",
      "Run 'jit COMMAND --help' for a command's options. Docs: docs/configuration.md,"
          + " docs/operations.md."
    })
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Seconds a client may take to send a whole request to the management server. */
  private static final String MAX_REQUEST_SECONDS = "10";

  private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  public static void main(String[] args) {
    limitRequestTime();
    System.exit(commandLine(new AppContext(Env.system(), defaultSlackFrontEnd())).execute(args));
  }

  /**
   * The JDK's HTTP server, which serves {@code /healthz} and {@code /metrics} on the management
   * port (Slack has a Jetty server of its own), waits for a request's headers and body without a
   * time limit, on one of its few threads: a handful of clients that never finish a request would
   * hold every thread. Its limit is a system property read once, when the server class loads, so it
   * is set here, before anything starts; an operator's own {@code -D} value wins.
   */
  private static void limitRequestTime() {
    if (System.getProperty(MAX_REQ_TIME) == null) {
      System.setProperty(MAX_REQ_TIME, MAX_REQUEST_SECONDS);
    }
    // Without TCP_NODELAY the server's small answers (Slack's acks among them) wait out the
    // client's delayed ACK, about 40 ms each; read once, like the limit above.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  /**
   * The Slack front end of this build. The one line to change when jit-slack's handlers land:
   * return a factory that builds a front end over {@code JitSlack.install(App, JitEngine, config)}.
   */
  public static SlackFrontEnd.Factory defaultSlackFrontEnd() {
    return BoltFrontEnd.factory();
  }

  /** The command line, wired to {@code context}; tests call {@code execute} on it in-process. */
  public static CommandLine commandLine(AppContext context) {
    CommandLine cl = new CommandLine(new Main(), new Factory(context));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof JitException) {
            err.println("error: " + e.getMessage());
          } else {
            err.println("error: " + e);
          }
          err.flush();
          return e instanceof SchemaMismatchException ? ExitCodes.SCHEMA : ExitCodes.USAGE;
        });
    return cl;
  }

  /** {@code jit} alone: the usage, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Gives commands that take an {@link AppContext} theirs. */
  private record Factory(AppContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == AppContext.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(context));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
