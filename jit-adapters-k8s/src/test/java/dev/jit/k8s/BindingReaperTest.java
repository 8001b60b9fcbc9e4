package dev.jit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BindingReaperTest extends OnFakeCluster {

  private void granted(int request, Map<String, String> target, String who, Duration lasting) {
    backend.grant(grant(request, target, who, lasting));
  }

  private String names(String ns) {
    return String.join(
        ",",
        cluster.bindings(ns).stream()
            .map(rb -> rb.getSubjects().get(0).getName())
            .sorted()
            .toList());
  }

  @Test
  @DisplayName(
      "deletes an expired jit binding and keeps an unexpired one and a hand-made one of the role")
  void reaps() {
    Map<String, String> edit = Map.of("namespace", "payments", "clusterRole", "edit");
    granted(1, edit, "expired@example.com", Duration.ofMinutes(30));
    granted(2, edit, "current@example.com", Duration.ofHours(2));
    granted(3, Map.of("clusterWideRole", "view"), "wide@example.com", Duration.ofMinutes(30));
    cluster.handMade("payments", "oncall-edit", "edit", "handmade@example.com");
    clock.advance(Duration.ofMinutes(31));

    BindingReaper.Report report = backend.reaper().reap();

    assertThat(names("payments")).isEqualTo("current@example.com,handmade@example.com");
    assertThat(cluster.fake.admin().rbac().clusterRoleBindings().list().getItems()).isEmpty();
    assertThat(report.deleted()).hasSize(2);
    assertThat(report.kept()).isEqualTo(1);
    assertThat(report.failures()).isEmpty();
  }

  @Test
  @DisplayName("deletes nothing before the expiry, and nothing of another jit backend")
  void onTimeAndOwnOnly() {
    Map<String, String> edit = Map.of("namespace", "payments", "clusterRole", "edit");
    granted(1, edit, "a@example.com", Duration.ofMinutes(30));
    try (KubernetesRbacBackend other = cluster.backend("k8s-other", clock)) {
      other.grant(
          new Grant(
              Cluster.request(2),
              new GrantStep("k8s-other", edit, "b@example.com"),
              NOW.plusSeconds(60)));
    }
    clock.advance(Duration.ofMinutes(29));

    assertThat(backend.reaper().reap().deleted()).isEmpty();
    assertThat(names("payments")).isEqualTo("a@example.com,b@example.com");

    clock.advance(Duration.ofMinutes(1));
    assertThat(backend.reaper().reap().deleted()).hasSize(1);
    assertThat(names("payments")).isEqualTo("b@example.com");
  }

  @Test
  @DisplayName("a jit-labelled binding without a readable expiry is deleted; failures are reported")
  void unreadableExpiry() {
    RoleBinding odd =
        new RoleBindingBuilder(cluster.handMade("payments", "odd", "edit", "odd@example.com"))
            .editMetadata()
            .withResourceVersion(null)
            .addToLabels("app.kubernetes.io/managed-by", "jit")
            .addToLabels("jit.dev/backend", "k8s-prod")
            .addToAnnotations("jit.dev/expires-at", "soon")
            .endMetadata()
            .build();
    cluster.fake.admin().rbac().roleBindings().resource(odd).update();
    cluster.fake.failNext("GET", "namespaces/web/rolebindings", 503, 1);

    BindingReaper.Report report = backend.reaper().reap();

    assertThat(cluster.bindings("payments")).isEmpty();
    assertThat(report.failures()).singleElement().asString().contains("in web").contains("503");
  }
}
