package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import dev.jit.spi.Problem;
import dev.jit.spi.RequestId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link DatabaseRoleBackend} decides without a database: step rules, principals, close. */
class DatabaseRoleBackendTest {
  private final FaultyDataSource noDatabase = new FaultyDataSource(null);

  private DatabaseRoleBackend.Builder builder() {
    return DatabaseRoleBackend.builder("pg-payments", noDatabase)
        .dialect(Dialect.POSTGRESQL)
        .managedRoles(Set.of("payments_read", "payments_write"));
  }

  private static Map<String, String> role(String role) {
    return Map.of("role", role);
  }

  @Test
  @DisplayName("a step naming a managed role for a db-user fits the rules")
  void fits() {
    assertThat(builder().build().stepRules().check(role("payments_read"), "db-user")).isEmpty();
  }

  @Test
  @DisplayName(
      "the rules name a missing role, an unknown key, another identity kind and a bad role")
  void problems() {
    var rules = builder().build().stepRules();

    assertThat(rules.check(Map.of(), "db-user"))
        .containsExactly(new Problem("target.role", "is required"));
    assertThat(rules.check(Map.of("role", "payments_read", "schema", "public"), "db-user"))
        .extracting(Problem::key)
        .containsExactly("target.schema");
    assertThat(rules.check(role("payments_read"), "email"))
        .extracting(Problem::key)
        .containsExactly("principal");
    assertThat(rules.check(role("payments_admin"), "db-user"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("is not a role this backend manages"));
    assertThat(rules.check(role("Payments\"; DROP"), "db-user"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("is not a valid role name"));
  }

  @Test
  @DisplayName("the rules a factory reports from configuration equal the built backend's")
  void staticRules() {
    var rules = DatabaseRoleBackend.stepRules(Set.of("payments_read", "payments_write"));
    assertThat(rules.check(role("payments_admin"), "db-user"))
        .isEqualTo(builder().build().stepRules().check(role("payments_admin"), "db-user"));
    assertThat(rules.requiredKeys()).containsExactly("role");
    assertThat(rules.optionalKeys()).isEmpty();
    assertThat(rules.principalKinds()).containsExactly("db-user");
  }

  @Test
  @DisplayName(
      "a principal is never re-spelled, so 'Alice' cannot land on account 'alice': it is refused"
          + " at grant before any SQL")
  void principalAsGiven() {
    DatabaseRoleBackend backend = builder().build();
    assertThat(backend.canonicalPrincipal("alice")).isEqualTo("alice");
    assertThat(backend.canonicalPrincipal("Alice")).isEqualTo("Alice");

    Grant g =
        new Grant(
            new RequestId("r-1"),
            new GrantStep(
                "pg-payments", role("payments_read"), backend.canonicalPrincipal("Alice")),
            Instant.parse("2030-01-01T00:00:00Z"));
    assertThatThrownBy(() -> backend.grant(g))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("is not a valid name");
    assertThat(noDatabase.connections()).isZero();
  }

  @Test
  @DisplayName("close leaves a data source it was given open, and closes one it was told it owns")
  void close() {
    AtomicInteger closed = new AtomicInteger();

    builder().build().close();
    assertThat(closed).hasValue(0);

    builder().ownsDataSource(closed::incrementAndGet).build().close();
    assertThat(closed).hasValue(1);
  }

  @Test
  @DisplayName("a pool that fails to close does not make close throw")
  void closeNeverThrows() {
    DatabaseRoleBackend backend =
        builder()
            .ownsDataSource(
                () -> {
                  throw new IllegalStateException("pool already broken");
                })
            .build();

    backend.close();
  }
}
