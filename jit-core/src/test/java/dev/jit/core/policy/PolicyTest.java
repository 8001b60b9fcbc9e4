package dev.jit.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.Approvers;
import dev.jit.spi.GroupId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {
  static final ResourceId DB = new ResourceId("db");
  static final RoleName READ = new RoleName("read");
  static final StepTemplate STEP =
      new StepTemplate("postgres-role", Map.of("role", "r"), "db-user");
  static final RolePolicy READ_ROLE = new RolePolicy(READ, "", List.of(STEP));
  static final Approvers OWNERS = new Approvers(Set.of(new UserId("U1")), Set.of(), 1);
  static final Requesters EVERYONE = new Requesters(true, Set.of(), Set.of());

  static ResourcePolicy resource(Duration max, List<Duration> durations) {
    return new ResourcePolicy(
        DB,
        "",
        "",
        OWNERS,
        EVERYONE,
        Duration.ofMinutes(30),
        max,
        durations,
        "",
        Map.of(READ, READ_ROLE));
  }

  static Policy policy() {
    return new Policy(Set.of(), Map.of(DB, resource(Duration.ofHours(4), List.of())));
  }

  @Test
  void unknownResourceIsDenied() {
    assertThat(policy().resource(DB)).isPresent();
    assertThat(policy().resource(new ResourceId("other"))).isEmpty();
    assertThat(policy().resource(null)).isEmpty();
  }

  @Test
  void unknownRoleIsDenied() {
    ResourcePolicy db = policy().resource(DB).orElseThrow();
    assertThat(db.role(READ)).contains(READ_ROLE);
    assertThat(db.role(new RoleName("admin"))).isEmpty();
    assertThat(db.role(null)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT15M, true",
    "PT1H, true",
    "PT4H, true", // equal to maxDuration and offered
    "PT4H0.001S, false", // just above: refused, not clamped
    "PT4H1S, false",
    "PT30M, false", // under the max but not one of the offered choices
    "PT0S, false",
    "-PT15M, false",
  })
  void allowsDurationWithChoices(Duration d, boolean allowed) {
    ResourcePolicy r =
        resource(
            Duration.ofHours(4),
            List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4)));
    assertThat(r.allowsDuration(d)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT1S, true",
    "PT37M, true",
    "PT4H, true",
    "PT4H0.001S, false",
    "P1D, false",
    "PT0S, false",
    "-PT1S, false",
  })
  void allowsDurationWithoutChoices(Duration d, boolean allowed) {
    assertThat(resource(Duration.ofHours(4), List.of()).allowsDuration(d)).isEqualTo(allowed);
  }

  @Test
  void allowsDurationRefusesNull() {
    assertThat(resource(Duration.ofHours(4), List.of()).allowsDuration(null)).isFalse();
  }

  @Test
  void collectionsAreCopiedAndUnmodifiable() {
    Map<String, String> target = new HashMap<>(Map.of("role", "r"));
    StepTemplate step = new StepTemplate("postgres-role", target, "db-user");
    target.put("role", "admin");
    assertThat(step.target()).containsEntry("role", "r");
    assertThatThrownBy(() -> step.target().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);

    List<StepTemplate> steps = new ArrayList<>(List.of(step));
    RolePolicy role = new RolePolicy(READ, "", steps);
    steps.add(STEP);
    assertThat(role.steps()).hasSize(1);

    Map<ResourceId, ResourcePolicy> resources = new LinkedHashMap<>();
    resources.put(DB, resource(Duration.ofHours(4), List.of()));
    Policy policy = new Policy(Set.of(), resources);
    resources.clear();
    assertThat(policy.resources()).containsKey(DB);
    assertThatThrownBy(() -> policy.resources().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> policy.admins().add(new UserId("U9")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void recordsKeepTheirInvariantsWithoutTheLoader() {
    assertThatThrownBy(() -> new Policy(Set.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Policy(Set.of(), Map.of(new ResourceId("x"), policy().resource(DB).get())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resource(Duration.ofDays(8), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resource(Duration.ofHours(1), List.of(Duration.ofHours(2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> resource(Duration.ofHours(1), List.of(Duration.ofHours(1), Duration.ofHours(1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ResourcePolicy(
                    DB,
                    "",
                    "",
                    new Approvers(Set.of(new UserId("U1")), Set.of(), 2),
                    EVERYONE,
                    Duration.ofMinutes(30),
                    Duration.ofHours(1),
                    List.of(),
                    "",
                    Map.of(READ, READ_ROLE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RolePolicy(READ, "", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StepTemplate("Postgres Role", Map.of(), "db-user"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StepTemplate("pg", Map.of("role", " "), "db-user"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Requesters(false, Set.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Requesters(true, Set.of(), Set.of(new GroupId("S1"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
