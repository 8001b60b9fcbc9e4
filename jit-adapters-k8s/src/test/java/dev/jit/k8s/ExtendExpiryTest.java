package dev.jit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.k8s.testkit.FakeKubernetes;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An approved extension moves the expiry annotation the reaper enforces: later, never earlier. */
class ExtendExpiryTest extends OnFakeCluster {
  private static final Map<String, String> EDIT =
      Map.of("namespace", "payments", "clusterRole", "edit");

  private String expiryOf(String subject) {
    return cluster.bindings("payments").stream()
        .filter(rb -> rb.getSubjects().get(0).getName().equals(subject))
        .map(RoleBinding::getMetadata)
        .map(m -> m.getAnnotations().get("jit.dev/expires-at"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("the reaper keeps an extended binding past its old expiry and removes it at the new")
  void reaperFollowsTheExtension() {
    Grant g = grant(1, EDIT, "alice@example.com", Duration.ofMinutes(30));
    backend.grant(g);

    backend.extend(g, NOW.plus(Duration.ofMinutes(90)));

    assertThat(expiryOf("alice@example.com")).isEqualTo("2026-12-03T10:30:00Z");
    clock.advance(Duration.ofMinutes(31));
    assertThat(backend.reaper().reap().deleted()).isEmpty();
    clock.advance(Duration.ofMinutes(60));
    assertThat(backend.reaper().reap().deleted()).hasSize(1);
    assertThat(cluster.bindings("payments")).isEmpty();
  }

  @Test
  @DisplayName("only this request's binding moves; subjects, roleRef and labels stay as they were")
  void onlyThisRequest() {
    Grant mine = grant(1, EDIT, "alice@example.com", Duration.ofMinutes(30));
    backend.grant(mine);
    backend.grant(grant(2, EDIT, "bob@example.com", Duration.ofMinutes(30)));
    RoleBinding before = cluster.bindings("payments").get(0);

    backend.extend(mine, NOW.plus(Duration.ofHours(2)));

    assertThat(expiryOf("alice@example.com")).isEqualTo("2026-12-03T11:00:00Z");
    assertThat(expiryOf("bob@example.com")).isEqualTo("2026-12-03T09:30:00Z");
    RoleBinding after =
        cluster.bindings("payments").stream()
            .filter(rb -> rb.getMetadata().getName().equals(before.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertThat(after.getSubjects()).isEqualTo(before.getSubjects());
    assertThat(after.getRoleRef()).isEqualTo(before.getRoleRef());
    assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
  }

  @Test
  @DisplayName("never earlier: an expiry already later stays, and a repeated call changes nothing")
  void neverEarlier() {
    Grant g = grant(1, EDIT, "alice@example.com", Duration.ofHours(2));
    backend.grant(g);

    backend.extend(g, NOW.plus(Duration.ofHours(1)));
    assertThat(expiryOf("alice@example.com")).isEqualTo("2026-12-03T11:00:00Z");

    Instant later = NOW.plus(Duration.ofHours(3));
    backend.extend(g, later);
    backend.extend(g, later);
    assertThat(expiryOf("alice@example.com")).isEqualTo("2026-12-03T12:00:00Z");
  }

  @Test
  @DisplayName("a binding that is gone has nothing to move; nothing is created")
  void gone() {
    Grant g = grant(1, EDIT, "alice@example.com", Duration.ofMinutes(30));
    backend.grant(g);
    backend.revoke(g);

    backend.extend(g, NOW.plus(Duration.ofHours(1)));

    assertThat(cluster.bindings("payments")).isEmpty();
  }

  @Test
  @DisplayName("without the patch verb the extension fails permanently, naming the binding")
  void missingPatch() {
    Grant g = grant(1, EDIT, "alice@example.com", Duration.ofMinutes(30));
    backend.grant(g);
    FakeKubernetes.Identity noPatch =
        cluster
            .fake
            .identity("jit-without-patch")
            .allow("rolebindings", "payments", "create", "get", "list", "watch", "delete")
            .allowBind("ClusterRole", "edit", "payments");
    try (KubernetesClient client = cluster.fake.client(noPatch.token());
        KubernetesRbacBackend b =
            KubernetesRbacBackend.builder("k8s-prod", client)
                .namespaces(Set.of("payments"))
                .clusterRoles(Set.of("edit"))
                .build()) {

      assertThatThrownBy(() -> b.extend(g, NOW.plus(Duration.ofHours(1))))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage())
                    .contains("403")
                    .contains("move the expiry of RoleBinding");
              });
    }
    assertThat(expiryOf("alice@example.com")).isEqualTo("2026-12-03T09:30:00Z");
  }
}
