package dev.jit.k8s.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakeKubernetesTest {
  private final FakeKubernetes fake = FakeKubernetes.start().namespaces("payments");

  @AfterEach
  void stop() {
    fake.close();
  }

  private MixedOperation<RoleBinding, RoleBindingList, Resource<RoleBinding>> bindings() {
    return fake.admin().rbac().roleBindings();
  }

  private static RoleBinding binding(String name, String role, String user) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("payments")
        .addToLabels("app.kubernetes.io/managed-by", "jit")
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject()
        .withKind("User")
        .withApiGroup("rbac.authorization.k8s.io")
        .withName(user)
        .endSubject()
        .build();
  }

  private static int code(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  @Test
  @DisplayName("a duplicate create is 409 AlreadyExists, as on a real server")
  void duplicateCreate() {
    bindings().resource(binding("b1", "edit", "alice")).create();

    assertThatThrownBy(() -> bindings().resource(binding("b1", "view", "bob")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
            });
  }

  @Test
  @DisplayName("a binding needs bind on its role, and each verb needs its rule")
  void bindAndVerbs() {
    FakeKubernetes.Identity jit = fake.identity("jit").allow("rolebindings", "payments", "create");
    try (KubernetesClient client = fake.client(jit.token())) {
      assertThatThrownBy(
              () -> client.rbac().roleBindings().resource(binding("b1", "edit", "a")).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage()).contains("attempting to grant RBAC permissions");
              });
      jit.allowBind("ClusterRole", "edit", "payments");

      client.rbac().roleBindings().resource(binding("b1", "edit", "a")).create();

      assertThat(code(() -> client.rbac().roleBindings().inNamespace("payments").list()))
          .isEqualTo(403);
      assertThat(
              code(
                  () -> client.rbac().roleBindings().resource(binding("b2", "view", "a")).create()))
          .isEqualTo(403);
    }
    try (KubernetesClient nobody = fake.client("unknown")) {
      assertThat(code(() -> nobody.rbac().roleBindings().inNamespace("payments").list()))
          .isEqualTo(401);
    }
  }

  @Test
  @DisplayName("SelfSubjectAccessReview answers from the identity's rules")
  void selfSubjectAccessReview() {
    FakeKubernetes.Identity jit = fake.identity("jit").allowBind("ClusterRole", "edit", "payments");
    try (KubernetesClient client = fake.client(jit.token())) {
      assertThat(review(client, "bind", "clusterroles", "payments", "edit")).isTrue();
      assertThat(review(client, "bind", "clusterroles", "payments", "admin")).isFalse();
      assertThat(review(client, "bind", "clusterroles", "other", "edit")).isFalse();
      assertThat(review(client, "create", "rolebindings", "payments", "")).isFalse();
    }
  }

  private static boolean review(
      KubernetesClient client, String verb, String resource, String ns, String name) {
    SelfSubjectAccessReview r =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup("rbac.authorization.k8s.io")
            .withResource(resource)
            .withNamespace(ns)
            .withName(name)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client.authorization().v1().selfSubjectAccessReview().create(r).getStatus().getAllowed();
  }

  @Test
  @DisplayName("roleRef is immutable, bindings are validated, namespaces must exist")
  void immutableAndValidated() {
    bindings().resource(binding("b1", "edit", "alice")).create();

    assertThat(code(() -> bindings().resource(binding("b1", "admin", "alice")).update()))
        .isEqualTo(422);
    assertThat(
            code(
                () ->
                    bindings()
                        .inNamespace("payments")
                        .withName("b1")
                        .edit(
                            b ->
                                new RoleBindingBuilder(b)
                                    .editRoleRef()
                                    .withName("admin")
                                    .endRoleRef()
                                    .build())))
        .isEqualTo(422);
    assertThat(
            code(
                () ->
                    bindings()
                        .inNamespace("missing")
                        .resource(binding("b2", "edit", "a"))
                        .create()))
        .isEqualTo(404);
    RoleBinding noRef = binding("b3", "edit", "a");
    noRef.setRoleRef(null);
    assertThat(code(() -> bindings().resource(noRef).create())).isEqualTo(422);
  }

  @Test
  @DisplayName("lists are paged with limit and continue; set-based selectors are refused")
  void paging() {
    for (int i = 0; i < 5; i++) {
      bindings().resource(binding("b" + i, "edit", "u" + i)).create();
    }

    RoleBindingList first =
        bindings().inNamespace("payments").list(new ListOptionsBuilder().withLimit(2L).build());
    RoleBindingList rest =
        bindings()
            .inNamespace("payments")
            .list(
                new ListOptionsBuilder()
                    .withLimit(10L)
                    .withContinue(first.getMetadata().getContinue())
                    .build());

    assertThat(first.getItems())
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("b0", "b1");
    assertThat(rest.getItems()).hasSize(3);
    assertThat(rest.getMetadata().getContinue()).isNullOrEmpty();
    assertThat(
            code(
                () ->
                    bindings()
                        .inNamespace("payments")
                        .withLabelIn("app.kubernetes.io/managed-by", "jit")
                        .list()))
        .isEqualTo(400);
  }

  @Test
  @DisplayName("injected failures answer the next matching requests, and requests are counted")
  void injected() {
    long before = fake.requestCount();
    fake.failNext("GET", "/rolebindings", 429, 1);

    assertThat(code(() -> bindings().inNamespace("payments").list())).isEqualTo(429);
    assertThat(code(() -> bindings().inNamespace("payments").list())).isEqualTo(200);
    assertThat(fake.requestCount() - before).isEqualTo(2);
  }
}
