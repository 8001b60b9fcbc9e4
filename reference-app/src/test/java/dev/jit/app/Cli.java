package dev.jit.app;

import dev.jit.app.cli.AppContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code jit} command in-process with a given environment, capturing its output. */
final class Cli {
  record Run(int exitCode, String out, String err) {}

  private Cli() {}

  static Run run(Map<String, String> env, String... args) {
    return run(new AppContext(new Env(env), Main.defaultSlackFrontEnd()), args);
  }

  static Run run(AppContext context, String... args) {
    CommandLine cl = Main.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
