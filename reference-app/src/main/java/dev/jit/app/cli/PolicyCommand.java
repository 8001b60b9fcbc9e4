package dev.jit.app.cli;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.BackendSpec;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.runtime.GrantBackends;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyException;
import dev.jit.core.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jit policy validate FILE}. */
@Command(
    name = "policy",
    description = "Work with the policy catalog.",
    mixinStandardHelpOptions = true,
    subcommands = {PolicyCommand.Validate.class})
public final class PolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Checks a configuration file (settings and policy) or a bare policy file. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check a configuration file (settings: and policy:) or a bare policy file (resources:)"
            + " without starting anything.",
        "Prints 'valid' and a summary, or the first problem: the file, the resource and the field.",
        "With a configuration file, also checks every grant step against the configured backends"
            + " (settings.backends): a step naming no backend, a missing or unknown target key, a"
            + " role, group or namespace outside the backend's managed scope. serve refuses the same."
      },
      footer = {
        "",
        "Exit codes: 0 valid, 1 invalid, 2 the file cannot be read.",
        "Example: jit policy validate config/example.yaml"
      })
  public static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the configuration or policy file")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String text = ConfigLoader.read(file);
      Policy policy;
      Optional<List<BackendSpec<?>>> backends;
      try {
        if (ConfigLoader.kind(file) == ConfigLoader.Kind.CONFIG) {
          AppConfig config = ConfigLoader.parse(text, file.toString());
          policy = config.policy();
          backends = Optional.of(config.settings().backends());
        } else {
          policy = PolicyLoader.parse(text, file.toString());
          backends = Optional.empty();
        }
      } catch (PolicyException | ConfigException e) {
        err.println("invalid: " + e.getMessage());
        return ExitCodes.FAILED;
      }
      if (backends.isPresent()) {
        List<String> problems = GrantBackends.problems(policy, backends.get());
        if (!problems.isEmpty()) {
          err.println("invalid: " + file + ": " + GrantBackends.refusal(problems));
          return ExitCodes.FAILED;
        }
      }
      int roles = policy.resources().values().stream().mapToInt(r -> r.roles().size()).sum();
      out.println(
          "valid: "
              + file
              + ": "
              + policy.resources().size()
              + " resource(s), "
              + roles
              + " role(s): "
              + policy.resources().keySet().stream()
                  .map(r -> r.value())
                  .collect(Collectors.joining(", ")));
      if (backends.isEmpty()) {
        out.println(
            "note: a bare policy file names no backends, so its grant steps were not checked"
                + " against any; validate the whole configuration file for that");
      }
      return ExitCodes.OK;
    }
  }
}
