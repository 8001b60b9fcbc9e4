package dev.jit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantStep;
import dev.jit.spi.StepRules;
import dev.jit.testkit.engine.EngineWorld;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PolicyStepsTest {
  private final EngineWorld f = new EngineWorld();

  private static final StepRules DB =
      StepRules.builder()
          .require("role")
          .principalKinds("db-user")
          .scope("role", Set.of("payments_read", "payments_write"), "role")
          .build();

  private Map<String, StepRules> rules(StepRules db) {
    return Map.of("okta-group", StepRules.ANY, "db-role", db, "k8s-rbac", StepRules.ANY);
  }

  @Test
  @DisplayName("a policy whose steps fit every backend has no problems")
  void fits() {
    StepRules db =
        StepRules.builder()
            .require("role")
            .principalKinds("db-user")
            .scope("role", Set.of("payments_read", "payments_write", "staging_read"), "role")
            .build();
    assertThat(PolicySteps.problems(f.policy, rules(db))).isEmpty();
  }

  @Test
  @DisplayName("a role outside the managed scope is named with resource, role, step and key")
  void outOfScope() {
    assertThat(PolicySteps.problems(f.policy, rules(DB)))
        .containsExactly(
            "resource 'staging', role 'read', step 1 (backend 'db-role'): target.role:"
                + " 'staging_read' is not a role this backend manages (managed: [payments_read,"
                + " payments_write])");
  }

  @Test
  @DisplayName("a missing key, an unknown key and a wrong principal kind are each named")
  void shape() {
    StepRules strict =
        StepRules.builder().require("roleName").allow("grantOption").principalKinds("db").build();

    assertThat(PolicySteps.problems(f.policy, rules(strict)))
        .contains(
            "resource 'prod-db', role 'read', step 2 (backend 'db-role'): target.roleName: is"
                + " required",
            "resource 'prod-db', role 'read', step 2 (backend 'db-role'): target.role: is not a"
                + " key this backend knows (it takes [roleName, grantOption])",
            "resource 'prod-db', role 'read', step 2 (backend 'db-role'): principal: 'db-user' is"
                + " not an identity kind this backend takes (it takes [db])");
  }

  @Test
  @DisplayName("a backend the policy names but nobody registered is named")
  void unregistered() {
    assertThat(PolicySteps.problems(f.policy, Map.of("db-role", StepRules.ANY)))
        .contains(
            "resource 'prod-db', role 'read', step 1 (backend 'okta-group'): backend 'okta-group'"
                + " is not registered (registered: [db-role])");
  }

  @Test
  @DisplayName("the engine's builder refuses a policy whose steps do not fit their backends")
  void builderChecks() {
    GrantBackend scoped = wrap(new InMemoryGrantBackend("db-role"), DB, p -> p);
    assertThatThrownBy(
            () -> f.parts(f.store, f.audit).backend(f.okta).backend(scoped).backend(f.k8s).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("resource 'staging', role 'read', step 1 (backend 'db-role')")
        .hasMessageContaining("'staging_read' is not a role this backend manages");
  }

  @Test
  @DisplayName("steps carry the principal as the backend spells it")
  void canonicalPrincipal() {
    f.directory.user(
        EngineWorld.REQUESTER,
        Map.of("okta-login", "UReq@Example.COM", "db-user", "ureq", "email", "ureq@example.com"));
    GrantBackend lowerCasing = wrap(f.okta, StepRules.ANY, p -> p.toLowerCase(Locale.ROOT));
    JitEngine engine =
        f.parts(f.store, f.audit).backend(lowerCasing).backend(f.db).backend(f.k8s).build();

    GrantStep step = engine.handle(f.submitProd()).requireRequest().steps().get(0);

    assertThat(step.principal()).isEqualTo("ureq@example.com");
  }

  @Test
  @DisplayName("a request form shows each person only the resources they may request")
  void requestableBy() {
    JitEngine engine = f.engine();

    assertThat(engine.requestableBy(EngineWorld.REQUESTER))
        .extracting(rp -> rp.id().value())
        .containsExactly("prod-db", "staging");
    assertThat(engine.requestableBy(EngineWorld.STRANGER))
        .extracting(rp -> rp.id().value())
        .containsExactly("prod-db");
  }

  /** {@code b} with the given rules and principal spelling. */
  private static GrantBackend wrap(
      InMemoryGrantBackend b, StepRules rules, UnaryOperator<String> canonical) {
    return new GrantBackend() {
      @Override
      public String type() {
        return b.type();
      }

      @Override
      public void grant(Grant grant) {
        b.grant(grant);
      }

      @Override
      public void revoke(Grant grant) {
        b.revoke(grant);
      }

      @Override
      public StepRules stepRules() {
        return rules;
      }

      @Override
      public String canonicalPrincipal(String principal) {
        return canonical.apply(principal);
      }
    };
  }
}
