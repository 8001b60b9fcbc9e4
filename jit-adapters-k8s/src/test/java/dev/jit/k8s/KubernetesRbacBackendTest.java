package dev.jit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.k8s.testkit.FakeKubernetes;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesRbacBackendTest extends OnFakeCluster {
  private static final Map<String, String> EDIT_PAYMENTS =
      Map.of("namespace", "payments", "clusterRole", "edit");

  private static Grant grant(int request, Map<String, String> target, String principal) {
    return grant(request, target, principal, Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("a grant is a RoleBinding labelled as jit's, with the request id and its expiry")
  void labelsAndAnnotations() {
    backend.grant(grant(1, EDIT_PAYMENTS, "alice@example.com"));

    RoleBinding rb = cluster.bindings("payments").get(0);
    assertThat(rb.getMetadata().getName()).matches("jit-[0-9a-f]{32}");
    assertThat(rb.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "jit")
        .containsEntry("jit.dev/backend", "k8s-prod")
        .containsEntry("jit.dev/request-id", Cluster.request(1).value());
    assertThat(rb.getMetadata().getAnnotations())
        .containsEntry("jit.dev/expires-at", "2026-12-03T09:30:00Z")
        .containsEntry("jit.dev/request-id", Cluster.request(1).value())
        .containsEntry("jit.dev/granted-at", "2026-12-03T09:00:00Z");
    assertThat(rb.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(rb.getRoleRef().getName()).isEqualTo("edit");
    assertThat(rb.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("User");
              assertThat(s.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
              assertThat(s.getName()).isEqualTo("alice@example.com");
            });
  }

  @Test
  @DisplayName("a 409 on create whose binding has another subject fails permanently, not silently")
  void conflictWithAnotherSubject() {
    Grant g = grant(1, EDIT_PAYMENTS, "alice@example.com");
    backend.grant(g);
    String name = cluster.bindings("payments").get(0).getMetadata().getName();
    cluster
        .fake
        .admin()
        .rbac()
        .roleBindings()
        .inNamespace("payments")
        .withName(name)
        .edit(
            rb ->
                new RoleBindingBuilder(rb)
                    .editFirstSubject()
                    .withName("mallory@example.com")
                    .endSubject()
                    .build());

    assertThatThrownBy(() -> backend.grant(g))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains(name).contains("is not this grant");
            });
  }

  @Test
  @DisplayName("a 409 on a hand-made binding of the same name and subject is not taken over")
  void conflictWithHandMadeBinding() {
    Grant g = grant(1, EDIT_PAYMENTS, "alice@example.com");
    backend.grant(g);
    RoleBinding ours = cluster.bindings("payments").get(0);
    backend.revoke(g);
    ours.getMetadata().setLabels(Map.of());
    ours.getMetadata().setResourceVersion(null);
    cluster.fake.admin().rbac().roleBindings().resource(ours).create();

    assertThatThrownBy(() -> backend.grant(g))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse());
    assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
  }

  @Test
  @DisplayName("a missing bind permission is a permanent configuration error naming the role")
  void missingBind() {
    FakeKubernetes.Identity noBind =
        cluster
            .fake
            .identity("jit-without-bind")
            .allow("rolebindings", "payments", "create", "get", "list", "delete");
    try (KubernetesClient client = cluster.fake.client(noBind.token());
        KubernetesRbacBackend b =
            KubernetesRbacBackend.builder("k8s-prod", client)
                .namespaces(Set.of("payments"))
                .clusterRoles(Set.of("edit"))
                .build()) {

      assertThatThrownBy(() -> b.grant(grant(1, EDIT_PAYMENTS, "alice@example.com")))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage())
                    .contains("403")
                    .contains("ClusterRole edit")
                    .contains("'bind' verb on clusterroles with resourceNames [edit]");
              });
    }
  }

  @ParameterizedTest(name = "{0} on create is retryable: {1}")
  @CsvSource({
    "409, true",
    "429, true",
    "500, true",
    "503, true",
    "400, false",
    "401, false",
    "422, false"
  })
  @DisplayName("failures are classified by status")
  void classified(int code, boolean retryable) {
    cluster.fake.failNext("POST", "/rolebindings", code, 1);

    assertThatThrownBy(() -> backend.grant(grant(1, EDIT_PAYMENTS, "alice@example.com")))
        .isInstanceOfSatisfying(
            BackendException.class, e -> assertThat(e.retryable()).isEqualTo(retryable));
  }

  @Test
  @DisplayName("an API server that cannot be reached is a retryable failure")
  void unreachable() {
    try (KubernetesClient client =
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder(
                            io.fabric8.kubernetes.client.Config.empty())
                        .withMasterUrl("http://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
        KubernetesRbacBackend b =
            KubernetesRbacBackend.builder("k8s-prod", client)
                .namespaces(Set.of("payments"))
                .clusterRoles(Set.of("edit"))
                .build()) {
      assertThatThrownBy(() -> b.grant(grant(1, EDIT_PAYMENTS, "alice@example.com")))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).as(e.getMessage()).isTrue();
                assertThat(e.getMessage()).contains("cannot reach the Kubernetes API server");
              });
    }
  }

  @Test
  @DisplayName("a namespace deleted since the policy was written fails the grant, naming it")
  void namespaceGone() {
    cluster.fake.deleteNamespace("web");

    assertThatThrownBy(
            () -> backend.grant(grant(1, Map.of("namespace", "web", "role", "deployer"), "a@x.io")))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("namespace web does not exist");
            });
  }

  @Test
  @DisplayName("a step without a namespace is refused, never granted cluster-wide")
  void shapes() {
    assertThatThrownBy(() -> backend.grant(grant(1, Map.of("clusterRole", "view"), "a@x.io")))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse());
    assertThatThrownBy(
            () ->
                backend.grant(
                    grant(1, Map.of("namespace", "web", "clusterWideRole", "view"), "a@x.io")))
        .isInstanceOf(BackendException.class);
    assertThat(cluster.fake.admin().rbac().clusterRoleBindings().list().getItems()).isEmpty();
  }

  @Test
  @DisplayName("two requests for one step get a binding each; the step is held until both are gone")
  void overlappingRequests() {
    Grant first = grant(1, EDIT_PAYMENTS, "alice@example.com");
    Grant second = grant(2, EDIT_PAYMENTS, "alice@example.com");

    backend.grant(first);
    backend.grant(second);

    assertThat(cluster.bindings("payments")).hasSize(2);
    assertThat(backend.holdings().orElseThrow()).containsExactly(first.step());
    cluster.fake.admin().rbac().roleBindings().inNamespace("payments").list().getItems().stream()
        .filter(
            rb ->
                rb.getMetadata()
                    .getLabels()
                    .get("jit.dev/request-id")
                    .equals(Cluster.request(1).value()))
        .forEach(rb -> cluster.fake.admin().rbac().roleBindings().resource(rb).delete());
    assertThat(backend.check(first))
        .as("the other request's binding still grants it")
        .isEqualTo(GrantCheck.HELD);

    backend.revoke(second);

    assertThat(cluster.bindings("payments")).isEmpty();
    assertThat(backend.check(first)).isEqualTo(GrantCheck.ABSENT);
  }

  @Test
  @DisplayName("revoking a step removes every jit binding of it and nothing hand-made")
  void revokeByStep() {
    Grant first = grant(1, EDIT_PAYMENTS, "alice@example.com");
    backend.grant(first);
    backend.grant(grant(2, EDIT_PAYMENTS, "alice@example.com"));
    backend.grant(grant(3, EDIT_PAYMENTS, "bob@example.com"));
    cluster.handMade("payments", "alice-standing-edit", "edit", "alice@example.com");

    backend.revoke(first);

    assertThat(cluster.bindings("payments"))
        .extracting(rb -> rb.getMetadata().getName() + ":" + rb.getSubjects().get(0).getName())
        .hasSize(2)
        .contains("alice-standing-edit:alice@example.com")
        .anyMatch(s -> s.endsWith(":bob@example.com"));
  }

  @Test
  @DisplayName("holdings report what a binding grants now, after someone edited its subject")
  void tamperedSubject() {
    backend.grant(grant(1, EDIT_PAYMENTS, "alice@example.com"));
    RoleBinding rb = cluster.bindings("payments").get(0);
    cluster
        .fake
        .admin()
        .rbac()
        .roleBindings()
        .resource(
            new RoleBindingBuilder(rb)
                .editFirstSubject()
                .withName("mallory@example.com")
                .endSubject()
                .build())
        .update();

    GrantStep mallory = new GrantStep("k8s-prod", EDIT_PAYMENTS, "mallory@example.com");
    assertThat(backend.holdings().orElseThrow()).containsExactly(mallory);

    backend.revoke(new Grant(Cluster.request(9), mallory, NOW));

    assertThat(cluster.bindings("payments")).isEmpty();
  }

  @Test
  @DisplayName("groups and a username prefix: the subject is prefix+principal, holdings strip it")
  void groupsAndPrefix() {
    try (KubernetesClient client = cluster.fake.client(cluster.jit.token());
        KubernetesRbacBackend groups =
            KubernetesRbacBackend.builder("k8s-prod", client)
                .namespaces(Set.of("payments"))
                .clusterRoles(Set.of("edit"))
                .subjectKind("Group")
                .subjectPrefix("oidc:")
                .principalKinds(Set.of("k8s-group"))
                .build()) {
      Grant g = grant(1, EDIT_PAYMENTS, "payments-oncall");

      groups.grant(g);

      assertThat(cluster.bindings("payments").get(0).getSubjects().get(0))
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("Group");
                assertThat(s.getName()).isEqualTo("oidc:payments-oncall");
              });
      assertThat(groups.holdings().orElseThrow()).containsExactly(g.step());
      assertThat(groups.check(g)).isEqualTo(GrantCheck.HELD);
      assertThat(backend.holdings().orElseThrow())
          .as("a User backend sees no group grant")
          .isEmpty();
    }
  }

  @Test
  @DisplayName("a cluster-wide grant is a ClusterRoleBinding")
  void clusterWide() {
    Grant g = grant(1, Map.of("clusterWideRole", "view"), "alice@example.com");

    backend.grant(g);

    assertThat(cluster.fake.admin().rbac().clusterRoleBindings().list().getItems())
        .singleElement()
        .satisfies(crb -> assertThat(crb.getRoleRef().getName()).isEqualTo("view"));
    assertThat(backend.holdings().orElseThrow()).containsExactly(g.step());
    backend.revoke(g);
    assertThat(cluster.fake.admin().rbac().clusterRoleBindings().list().getItems()).isEmpty();
  }
}
