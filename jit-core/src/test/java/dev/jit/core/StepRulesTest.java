package dev.jit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The step rules a backend describes its policy steps with. */
class StepRulesTest {
  private final StepRules k8sLike =
      StepRules.builder()
          .allow("namespace", "role", "clusterRole", "clusterWideRole")
          .exactlyOneOf("role", "clusterRole", "clusterWideRole")
          .targetRule(
              "target.namespace",
              t -> t.containsKey("namespace") != t.containsKey("clusterWideRole"),
              "is required for a role binding and not allowed with clusterWideRole")
          .principalKinds("email", "k8s-group")
          .scope("namespace", Set.of("payments"), "namespace")
          .build();

  @Test
  @DisplayName("a step of the right shape has no problems")
  void fits() {
    assertThat(k8sLike.check(Map.of("namespace", "payments", "role", "edit"), "email")).isEmpty();
    assertThat(k8sLike.check(Map.of("clusterWideRole", "view"), "k8s-group")).isEmpty();
  }

  @Test
  @DisplayName("shapes one key cannot express are refused with a named problem")
  void crossKey() {
    assertThat(k8sLike.check(Map.of("namespace", "payments"), "email"))
        .extracting(Problem::toString)
        .containsExactly("target: needs exactly one of [role, clusterRole, clusterWideRole]");
    assertThat(k8sLike.check(Map.of("role", "edit"), "email"))
        .extracting(Problem::key)
        .containsExactly("target.namespace");
    assertThat(
            k8sLike.check(
                Map.of("namespace", "payments", "role", "a", "clusterRole", "b"), "email"))
        .extracting(Problem::key)
        .containsExactly("target");
  }

  @Test
  @DisplayName("missing, unknown, out-of-scope and wrong-kind are each named")
  void eachKind() {
    StepRules db =
        StepRules.builder()
            .require("role")
            .principalKinds("db-user")
            .scope("role", Set.of("read"), "role")
            .value("role", r -> r.matches("[a-z_]+"), "is not a valid role name")
            .build();

    assertThat(db.check(Map.of("rol", "read"), "email"))
        .extracting(Problem::key)
        .containsExactly("target.role", "target.rol", "principal");
    assertThat(db.check(Map.of("role", "write"), "db-user"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("not a role this backend manages"));
    assertThat(StepRules.ANY.check(Map.of("anything", "x"), "any-kind")).isEmpty();
  }
}
