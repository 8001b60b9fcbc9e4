package dev.jit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.k8s.testkit.FakeKubernetes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BindingApiTest {
  private final FakeKubernetes fake = FakeKubernetes.start().namespaces("payments");

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  @DisplayName("listing follows continue tokens to the last page")
  void pages() {
    BindingApi api = new BindingApi(fake.admin(), 2);
    for (int i = 0; i < 5; i++) {
      api.create(
          new Binding(
              "payments",
              "b" + i,
              Binding.selector("k8s-prod"),
              Map.of(),
              "ClusterRole",
              "edit",
              List.of(new Binding.SubjectRef("User", Binding.RBAC_GROUP, "u" + i))));
    }

    List<Binding> all = api.list("payments", Binding.selector("k8s-prod"));

    assertThat(all).extracting(Binding::name).containsExactly("b0", "b1", "b2", "b3", "b4");
    assertThat(fake.requests().stream().filter(r -> r.startsWith("GET")).count()).isEqualTo(3);
  }
}
