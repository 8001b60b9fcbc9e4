package dev.jit.k8s.internal;

import dev.jit.k8s.KubernetesRbacConfig;
import dev.jit.spi.BackendContext;
import dev.jit.spi.JitException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fabric8 client configuration of one backend instance: in-cluster service account, a direct
 * URL with a token from the environment, or a kubeconfig context. No request is made here. The
 * client does not retry on its own: the engine retries retryable failures on its durable timers
 * instead of a thread sleeping in the client.
 */
public final class ClientConfigs {
  static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount/";

  private ClientConfigs() {}

  public static Config of(String name, KubernetesRbacConfig c, BackendContext context) {
    Config config;
    if (c.inCluster()) {
      config = inCluster(name, context);
    } else if (!c.masterUrl().isEmpty()) {
      ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(c.masterUrl());
      if (!c.tokenEnv().isEmpty()) {
        String token =
            context
                .env(c.tokenEnv())
                .filter(t -> !t.isBlank())
                .orElseThrow(
                    () ->
                        new JitException(
                            "k8s-rbac backend '"
                                + name
                                + "' needs environment variable "
                                + c.tokenEnv()
                                + " (its API token), which is not set"));
        b.withOauthToken(token.strip());
      }
      config = b.build();
    } else {
      config = kubeconfig(name, c, context);
    }
    int timeout = Math.toIntExact(c.requestTimeout().toMillis());
    config.setRequestTimeout(timeout);
    config.setConnectionTimeout(timeout);
    config.setRequestRetryBackoffLimit(0);
    return config;
  }

  private static Config inCluster(String name, BackendContext context) {
    Optional<String> host = context.env("KUBERNETES_SERVICE_HOST");
    Optional<String> port = context.env("KUBERNETES_SERVICE_PORT");
    if (host.isEmpty() || port.isEmpty()) {
      throw new JitException(
          "k8s-rbac backend '"
              + name
              + "' is configured inCluster, but KUBERNETES_SERVICE_HOST/PORT are not set: is jit"
              + " running in a pod?");
    }
    String h = host.get().contains(":") ? "[" + host.get() + "]" : host.get();
    Path token = Path.of(SERVICE_ACCOUNT, "token");
    // Projected service account tokens rotate: read the file for every request, not once.
    return new ConfigBuilder(Config.empty())
        .withMasterUrl("https://" + h + ":" + port.get())
        .withCaCertFile(SERVICE_ACCOUNT + "ca.crt")
        .withOauthTokenProvider(() -> read(token))
        .build();
  }

  private static String read(Path token) {
    try {
      return Files.readString(token, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new JitException("cannot read the service account token at " + token);
    }
  }

  private static Config kubeconfig(String name, KubernetesRbacConfig c, BackendContext context) {
    String path = c.kubeconfig();
    if (path.isEmpty()) {
      path =
          context
              .env("KUBECONFIG")
              .filter(v -> !v.isBlank())
              .map(v -> v.split(File.pathSeparator)[0])
              .orElse(System.getProperty("user.home") + "/.kube/config");
    }
    File file = new File(path);
    if (!file.isFile()) {
      throw new JitException(
          "k8s-rbac backend '" + name + "': kubeconfig " + path + " does not exist");
    }
    Config config;
    try {
      config = Config.fromKubeconfig(c.context().isEmpty() ? null : c.context(), file);
    } catch (RuntimeException e) {
      throw new JitException(
          "k8s-rbac backend '"
              + name
              + "': cannot read kubeconfig "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (!c.context().isEmpty()
        && (config.getCurrentContext() == null
            || !c.context().equals(config.getCurrentContext().getName()))) {
      throw new JitException(
          "k8s-rbac backend '" + name + "': kubeconfig " + path + " has no context " + c.context());
    }
    return config;
  }
}
