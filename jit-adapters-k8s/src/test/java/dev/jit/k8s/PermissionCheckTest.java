package dev.jit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.k8s.testkit.FakeKubernetes;
import dev.jit.spi.Problem;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PermissionCheckTest {
  private final Cluster cluster = new Cluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  private List<Problem> verify(FakeKubernetes.Identity identity) {
    try (KubernetesClient client = cluster.fake.client(identity.token());
        KubernetesRbacBackend b =
            KubernetesRbacBackend.builder("k8s-prod", client)
                .namespaces(new LinkedHashSet<>(List.of("payments", "web")))
                .roles(new LinkedHashSet<>(List.of("deployer")))
                .clusterRoles(new LinkedHashSet<>(List.of("view", "edit")))
                .clusterWideRoles(new LinkedHashSet<>(List.of("view")))
                .build()) {
      return b.verifyPermissions();
    }
  }

  @Test
  @DisplayName("the documented permissions pass the self-check")
  void complete() {
    assertThat(verify(cluster.jit)).isEmpty();
  }

  @Test
  @DisplayName("the self-check names each missing permission by its configuration key")
  void exactlyWhatIsMissing() {
    FakeKubernetes.Identity partial =
        cluster
            .fake
            .identity("jit-partial")
            .allow("rolebindings", "payments", "create", "get", "list", "watch", "patch", "delete")
            .allow("rolebindings", "web", "get", "list")
            .allowBind("Role", "deployer", "payments")
            .allowBind("Role", "deployer", "web")
            .allowBind("ClusterRole", "view", "")
            .allowBind("ClusterRole", "edit", "payments")
            .allow("clusterrolebindings", "", "create", "get", "list", "watch", "patch", "delete");

    List<Problem> problems = verify(partial);

    assertThat(problems)
        .extracting(Problem::key)
        .containsExactly("namespaces[1]", "clusterRoles[1]");
    assertThat(problems.get(0).message())
        .contains("create, patch, delete rolebindings in namespace web");
    assertThat(problems.get(1).message())
        .contains("bind ClusterRole edit in namespace web")
        .contains("resourceNames [edit]");
  }

  @Test
  @DisplayName("an unreachable or refusing API server is one problem, not a false pass")
  void unreachable() {
    cluster.fake.failNext(503);

    assertThat(verify(cluster.jit)).extracting(Problem::key).containsExactly("cluster");
  }
}
