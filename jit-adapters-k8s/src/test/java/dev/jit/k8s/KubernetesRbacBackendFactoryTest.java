package dev.jit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.JitException;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesRbacBackendFactoryTest {
  private final Cluster cluster = new Cluster();
  private final KubernetesRbacBackendFactory factory = new KubernetesRbacBackendFactory();

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static BackendContext env(Map<String, String> env) {
    return new BackendContext() {
      @Override
      public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
      }
    };
  }

  /** A config granting edit in payments, reaching the cluster by kubeconfig or in-cluster. */
  private static KubernetesRbacConfig connection(
      String kubeconfig, String context, Boolean inCluster) {
    return new KubernetesRbacConfig(
        kubeconfig,
        context,
        inCluster,
        null,
        null,
        List.of("payments"),
        null,
        List.of("edit"),
        null,
        null,
        null,
        null,
        null);
  }

  private KubernetesRbacConfig direct() {
    return KubernetesRbacConfig.direct(
        cluster.fake.url(),
        "K8S_TOKEN",
        List.of("payments"),
        List.of(),
        List.of("edit"),
        List.of());
  }

  @Test
  @DisplayName("a masterUrl config with its token from the environment grants on that cluster")
  void directUrl() {
    try (KubernetesRbacBackend b =
        factory.create(
            "k8s-prod", direct(), env(Map.of("K8S_TOKEN", cluster.jit.token() + "\n")))) {
      b.grant(
          OnFakeCluster.grant(
              1,
              Map.of("namespace", "payments", "clusterRole", "edit"),
              "a@x.io",
              Duration.ofHours(1)));
      assertThat(cluster.bindings("payments")).hasSize(1);
      assertThat(b.verifyPermissions()).isEmpty();
    }
  }

  @Test
  @DisplayName("a step without its namespace, or naming two roles, is refused at policy load")
  void stepShapesAtLoad() {
    var rules = factory.stepRules(direct());

    assertThat(rules.check(Map.of("clusterRole", "edit"), "email"))
        .extracting(p -> p.key())
        .containsExactly("target.namespace");
    assertThat(rules.check(Map.of("namespace", "payments"), "email"))
        .extracting(p -> p.toString())
        .containsExactly("target: needs exactly one of [role, clusterRole, clusterWideRole]");
    assertThat(rules.check(Map.of("namespace", "payments", "clusterRole", "edit"), "email"))
        .isEmpty();
  }

  @Test
  @DisplayName("serve's start-up preflight runs the permission self-check")
  void preflight() {
    try (KubernetesRbacBackend b =
        factory.create("k8s-prod", direct(), env(Map.of("K8S_TOKEN", cluster.jit.token())))) {
      assertThat(b.preflight()).isEqualTo(b.verifyPermissions()).isEmpty();
    }
  }

  @Test
  @DisplayName("a kubeconfig context is used as named")
  void kubeconfig(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: fake
            cluster: { server: "%s" }
          - name: elsewhere
            cluster: { server: "http://127.0.0.1:9" }
        users:
          - name: jit
            user: { token: "%s" }
        contexts:
          - name: prod
            context: { cluster: fake, user: jit }
          - name: other
            context: { cluster: elsewhere, user: jit }
        current-context: other
        """
            .formatted(cluster.fake.url(), cluster.jit.token()));
    KubernetesRbacConfig config = connection(file.toString(), "prod", null);
    assertThat(config.validate()).isEmpty();

    try (KubernetesRbacBackend b = factory.create("k8s-prod", config, env(Map.of()))) {
      assertThat(b.holdings().orElseThrow()).isEmpty();
      assertThat(
              b.check(
                  OnFakeCluster.grant(
                      1,
                      Map.of("namespace", "payments", "clusterRole", "edit"),
                      "a@x.io",
                      Duration.ofHours(1))))
          .isEqualTo(GrantCheck.ABSENT);
    }

    KubernetesRbacConfig missing = connection(file.toString(), "staging", null);
    assertThatThrownBy(() -> factory.create("k8s-prod", missing, env(Map.of())))
        .isInstanceOf(JitException.class)
        .hasMessageContaining("no context staging");
  }

  @Test
  @DisplayName("a token variable that is not set is named; its value never appears in messages")
  void missingToken() {
    assertThatThrownBy(() -> factory.create("k8s-prod", direct(), env(Map.of())))
        .isInstanceOf(JitException.class)
        .hasMessageContaining("K8S_TOKEN");
    assertThatThrownBy(
            () -> factory.create("k8s-prod", connection(null, null, true), env(Map.of())))
        .isInstanceOf(JitException.class)
        .hasMessageContaining("KUBERNETES_SERVICE_HOST");
  }

  @Test
  @DisplayName("step rules accept the three shapes inside the allow-lists and name what is wrong")
  void stepRules() {
    StepRules rules =
        factory.stepRules(
            KubernetesRbacConfig.direct(
                "https://k8s.example.com",
                "",
                List.of("payments"),
                List.of("deployer"),
                List.of("edit"),
                List.of("view")));

    assertThat(rules.check(Map.of("namespace", "payments", "clusterRole", "edit"), "email"))
        .isEmpty();
    assertThat(rules.check(Map.of("namespace", "payments", "role", "deployer"), "k8s-user"))
        .isEmpty();
    assertThat(rules.check(Map.of("clusterWideRole", "view"), "email")).isEmpty();
    assertThat(rules.check(Map.of("clusterWideRole", "edit"), "email"))
        .extracting(Problem::key)
        .containsExactly("target.clusterWideRole");
    assertThat(
            rules.check(Map.of("namespace", "kube-system", "clusterRole", "admin"), "okta-login"))
        .extracting(Problem::key)
        .containsExactly("principal", "target.clusterRole", "target.namespace");
  }

  @Test
  @DisplayName("validation names each wrong key")
  void validation() {
    KubernetesRbacConfig bad =
        new KubernetesRbacConfig(
            "/k",
            null,
            true,
            "ftp://x",
            "lower",
            List.of("Payments", "ok", "ok"),
            List.of(),
            List.of("edit"),
            null,
            "ServiceAccount",
            "has space",
            List.of(),
            Duration.ofMillis(5));

    assertThat(bad.validate())
        .extracting(Problem::key)
        .contains(
            "inCluster",
            "masterUrl",
            "tokenEnv",
            "namespaces[0]",
            "namespaces[2]",
            "subjectKind",
            "subjectPrefix",
            "principalKinds",
            "requestTimeout");
    assertThat(direct().validate()).isEmpty();
    assertThat(
            KubernetesRbacConfig.direct("https://k", "", List.of(), List.of(), List.of(), List.of())
                .validate())
        .extracting(Problem::key)
        .containsExactly("roles");
  }
}
