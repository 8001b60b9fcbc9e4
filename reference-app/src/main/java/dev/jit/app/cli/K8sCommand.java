package dev.jit.app.cli;

import dev.jit.app.Env;
import dev.jit.app.config.BackendSpec;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.k8s.BindingReaper;
import dev.jit.k8s.KubernetesRbacBackend;
import dev.jit.k8s.KubernetesRbacBackendFactory;
import dev.jit.spi.BackendContext;
import dev.jit.spi.JitException;
import dev.jit.spi.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jit k8s reap} and {@code jit k8s check}: the Kubernetes backend's own tools. */
@Command(
    name = "k8s",
    description = "Tools of the Kubernetes RBAC backends (kind k8s-rbac).",
    mixinStandardHelpOptions = true,
    subcommands = {K8sCommand.Reap.class, K8sCommand.Check.class})
public final class K8sCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** What both subcommands take: the configuration file and, optionally, one backend. */
  abstract static class OnBackends implements Callable<Integer> {
    @Spec CommandSpec spec;
    private final AppContext context;

    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description = "The configuration file (settings and policy); default: $JIT_CONFIG.")
    Path config;

    @Option(
        names = "--backend",
        paramLabel = "NAME",
        description = "Only this k8s-rbac instance of settings.backends; default: all of them.")
    String backend;

    OnBackends(AppContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Env env = context.env();
      List<BackendSpec<?>> specs =
          ConfigLoader.load(ServeCommand.configFile(env, config)).settings().backends().stream()
              .filter(s -> s.kind().equals(KubernetesRbacBackendFactory.KIND))
              .filter(s -> backend == null || s.name().equals(backend))
              .toList();
      if (specs.isEmpty()) {
        throw new ConfigException(
            backend == null
                ? "settings.backends has no k8s-rbac instance"
                : "settings.backends has no k8s-rbac instance named '" + backend + "'");
      }
      BackendContext backends = new EnvContext(env);
      boolean ok = true;
      for (BackendSpec<?> s : specs) {
        try (KubernetesRbacBackend b = (KubernetesRbacBackend) s.create(backends)) {
          ok &= run(s.name(), b, spec.commandLine().getOut(), spec.commandLine().getErr());
        } catch (JitException e) {
          spec.commandLine().getErr().println(s.name() + ": " + e.getMessage());
          ok = false;
        }
      }
      return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    abstract boolean run(String name, KubernetesRbacBackend b, PrintWriter out, PrintWriter err);
  }

  /** Deletes expired jit bindings with the cluster's credentials alone. */
  @Command(
      name = "reap",
      mixinStandardHelpOptions = true,
      description = {
        "Delete the bindings of each k8s-rbac backend whose jit.dev/expires-at annotation has"
            + " passed, using only the cluster's credentials: no database, no Slack.",
        "Run it from a CronJob every minute so access ends on time even when jit is down."
            + " Bindings without jit's labels are never touched."
      },
      footer = {
        "",
        "Exit codes: 0 done, 1 something could not be listed or deleted (the next run retries),"
            + " 2 configuration error.",
        "Example: jit k8s reap --config /etc/jit/config.yaml"
      })
  public static final class Reap extends OnBackends {
    public Reap(AppContext context) {
      super(context);
    }

    @Override
    boolean run(String name, KubernetesRbacBackend b, PrintWriter out, PrintWriter err) {
      BindingReaper.Report report = b.reaper().reap();
      report.deleted().forEach(d -> out.println(name + ": deleted " + d));
      out.println(
          name
              + ": "
              + report.deleted().size()
              + " expired binding(s) deleted, "
              + report.kept()
              + " still within their expiry");
      report.failures().forEach(f -> err.println(name + ": " + f));
      return report.failures().isEmpty();
    }
  }

  /** Reviews jit's own permissions on each cluster. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check with SelfSubjectAccessReviews that jit's identity on each k8s-rbac backend's"
            + " cluster may create, get, list and delete bindings and bind every allow-listed role,"
            + " and print exactly what is missing."
      },
      footer = {"", "Exit codes: 0 complete, 1 something is missing, 2 configuration error."})
  public static final class Check extends OnBackends {
    public Check(AppContext context) {
      super(context);
    }

    @Override
    boolean run(String name, KubernetesRbacBackend b, PrintWriter out, PrintWriter err) {
      List<Problem> problems = b.verifyPermissions();
      problems.forEach(p -> err.println(name + ": " + p.key() + ": " + p.message()));
      if (problems.isEmpty()) {
        out.println(name + ": jit's permissions are complete");
      }
      return problems.isEmpty();
    }
  }

  /** The environment and the system clock; no shared services (the reaper needs no database). */
  private record EnvContext(Env env) implements BackendContext {
    @Override
    public Optional<String> env(String name) {
      return env.get(name);
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
      return Optional.empty();
    }
  }
}
