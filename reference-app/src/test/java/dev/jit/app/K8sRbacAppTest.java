package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.k8s.KubernetesRbacBackend;
import dev.jit.k8s.testkit.FakeKubernetes;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.spi.UserId;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app with a {@code k8s-rbac} instance pointed at a fake cluster: a request is served end to
 * end, and {@code jit k8s reap} and {@code jit k8s check} work from the same configuration file.
 */
class K8sRbacAppTest {
  static final UserId REQUESTER = new UserId("U0REQ1");
  static final UserId OWNER = new UserId("U0OWNER1");
  static final Map<String, String> EDIT =
      Map.of("namespace", "payments-prod", "clusterRole", "edit");

  final FakeKubernetes cluster = FakeKubernetes.start().namespaces("payments-prod");
  final FakeKubernetes.Identity jit =
      cluster
          .identity("system:serviceaccount:jit:jit")
          .allow(
              "rolebindings", "payments-prod", "create", "get", "list", "watch", "patch", "delete")
          .allowBind("ClusterRole", "edit", "payments-prod");
  @TempDir Path dir;
  RunningApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    cluster.close();
  }

  private Path config() throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        """
        settings:
          backends:
            - name: k8s-prod
              kind: k8s-rbac
              masterUrl: %s
              tokenEnv: K8S_PROD_TOKEN
              namespaces: [payments-prod]
              clusterRoles: [edit]
              requestTimeout: 5s
        policy:
          admins: [U0ADMIN1]
          resources:
            payments-prod:
              description: Payments production namespace
              owners:
                users: [U0OWNER1]
              requiredApprovals: 1
              approvalTimeout: 30m
              maxDuration: 4h
              requesters:
                everyone: true
              roles:
                edit:
                  steps:
                    - backend: k8s-prod
                      principal: email
                      target: { namespace: payments-prod, clusterRole: edit }
        """
            .formatted(cluster.url()));
    return file;
  }

  private List<RoleBinding> bindings() {
    return cluster.admin().rbac().roleBindings().inNamespace("payments-prod").list().getItems();
  }

  @Test
  @DisplayName("a k8s-rbac instance on the fake cluster serves a request end to end")
  void endToEnd() throws Exception {
    AppConfig config = ConfigLoader.load(config());
    Env env = new Env(Map.of("K8S_PROD_TOKEN", jit.token()));
    app =
        RunningApp.start(
            config,
            env,
            dir.resolve("data"),
            new InMemoryDirectory()
                .user(REQUESTER, Map.of("email", "alice@example.com"))
                .user(OWNER, Map.of()));

    RequestId id = app.grant(REQUESTER, "payments-prod", "edit", Duration.ofMinutes(30), OWNER);
    assertThat(bindings())
        .singleElement()
        .satisfies(
            rb -> {
              assertThat(rb.getSubjects().get(0).getName()).isEqualTo("alice@example.com");
              assertThat(rb.getMetadata().getAnnotations())
                  .containsEntry("jit.dev/request-id", id.value());
            });

    app.revoke(id, REQUESTER);
    assertThat(bindings()).isEmpty();
  }

  @Test
  @DisplayName("jit k8s reap deletes the expired jit binding and nothing else")
  void reap() throws Exception {
    Path file = config();
    try (KubernetesClient client = cluster.client(jit.token());
        KubernetesRbacBackend backend =
            KubernetesRbacBackend.builder("k8s-prod", client)
                .namespaces(Set.of("payments-prod"))
                .clusterRoles(Set.of("edit"))
                .build()) {
      Instant now = Instant.now();
      backend.grant(grant(1, "late@example.com", now.minusSeconds(60)));
      backend.grant(grant(2, "current@example.com", now.plusSeconds(3600)));
    }

    Cli.Run run =
        Cli.run(Map.of("K8S_PROD_TOKEN", jit.token()), "k8s", "reap", "--config", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("k8s-prod: 1 expired binding(s) deleted, 1 still within");
    assertThat(bindings())
        .extracting(rb -> rb.getSubjects().get(0).getName())
        .containsExactly("current@example.com");
  }

  @Test
  @DisplayName("jit k8s check says exactly which permission jit lacks")
  void check() throws Exception {
    Path file = config();
    FakeKubernetes.Identity noBind =
        cluster
            .identity("jit-without-bind")
            .allow(
                "rolebindings",
                "payments-prod",
                "create",
                "get",
                "list",
                "watch",
                "patch",
                "delete");

    Cli.Run ok =
        Cli.run(Map.of("K8S_PROD_TOKEN", jit.token()), "k8s", "check", "--config", file.toString());
    Cli.Run missing =
        Cli.run(
            Map.of("K8S_PROD_TOKEN", noBind.token()), "k8s", "check", "--config", file.toString());

    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .contains(
            "k8s-prod: clusterRoles[0]: jit may not bind ClusterRole edit in namespace"
                + " payments-prod");
  }

  private static Grant grant(int n, String principal, Instant expiresAt) {
    return new Grant(
        new RequestId("req-" + n), new GrantStep("k8s-prod", EDIT, principal), expiresAt);
  }
}
