package dev.jit.k8s;

import dev.jit.k8s.internal.ClientConfigs;
import dev.jit.k8s.internal.Scope;
import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.StepRules;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.LinkedHashSet;

/**
 * Makes {@code k8s-rbac} backends: one {@link KubernetesRbacBackend} per cluster, each with a
 * fabric8 client over the JDK HTTP client that it closes with itself. Creating one opens no
 * connection.
 */
public final class KubernetesRbacBackendFactory
    implements GrantBackendFactory<KubernetesRbacConfig> {

  /** The kind configuration names. */
  public static final String KIND = "k8s-rbac";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<KubernetesRbacConfig> configType() {
    return KubernetesRbacConfig.class;
  }

  @Override
  public StepRules stepRules(KubernetesRbacConfig config) {
    return Scope.stepRules(
        new LinkedHashSet<>(config.namespaces()),
        new LinkedHashSet<>(config.roles()),
        new LinkedHashSet<>(config.clusterRoles()),
        new LinkedHashSet<>(config.clusterWideRoles()),
        new LinkedHashSet<>(config.principalKinds()));
  }

  @Override
  public KubernetesRbacBackend create(
      String name, KubernetesRbacConfig config, BackendContext context) {
    return KubernetesRbacBackend.builder(
            name,
            new KubernetesClientBuilder()
                .withConfig(ClientConfigs.of(name, config, context))
                .build())
        .namespaces(new LinkedHashSet<>(config.namespaces()))
        .roles(new LinkedHashSet<>(config.roles()))
        .clusterRoles(new LinkedHashSet<>(config.clusterRoles()))
        .clusterWideRoles(new LinkedHashSet<>(config.clusterWideRoles()))
        .subjectKind(config.subjectKind())
        .subjectPrefix(config.subjectPrefix())
        .principalKinds(new LinkedHashSet<>(config.principalKinds()))
        .clock(context.clock())
        .ownsClient(true)
        .build();
  }
}
