package dev.jit.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy is bound strictly: at every level of {@link PolicyRulesTest#BASE} an unknown key, a
 * value of the wrong type, a scalar that would need coercing, or a missing key fails the load,
 * naming resource, field and the line and column the field is written at.
 */
class PolicyStrictnessTest {

  static Stream<Arguments> brokenDocuments() {
    return Stream.of(
        // document level
        arguments("resources:", "admins: U1\nresources:", "", "admins", "expected a list", 1),
        arguments("resources:", "admins: [1]\nresources:", "", "admins[0]", "got a number", 1),
        arguments("resources:", "admin: [U1]\nresources:", "", "admin", "unknown field", 1),
        arguments(
            "  db:\n", "  db: x\n  other:\n", "db", "", "expected a mapping, got a string", 2),
        // resource level
        arguments("  db:\n", "  db:\n    owner: x\n", "db", "owner", "unknown field", 3),
        arguments("[U1, U2]", "U1", "db", "owners.users", "expected a list, got a string", 4),
        arguments("[U1, U2]", "[U1, [U2]]", "db", "owners.users[1]", "got a list", 4),
        arguments("Approvals: 1", "Approvals: '1'", "db", "requiredApprovals", "got a string", 5),
        arguments("Approvals: 1", "Approvals: 1.0", "db", "requiredApprovals", "number", 5),
        arguments("Approvals: 1", "Approvals: true", "db", "requiredApprovals", "boolean", 5),
        arguments("Timeout: 30m", "Timeout: [30m]", "db", "approvalTimeout", "got a list", 6),
        arguments("Timeout: 30m", "Timeout: 30", "db", "approvalTimeout", "no unit", 6),
        arguments("4h\n", "4h\n    group: 12\n", "db", "group", "expected a string", 8),
        arguments("4h\n", "4h\n    description: true\n", "db", "description", "boolean", 8),
        arguments("4h\n", "4h\n    approvalChannel: 7\n", "db", "approvalChannel", "number", 8),
        arguments("4h\n", "4h\n    durations: [1h, 15]\n", "db", "durations[1]", "no unit", 8),
        arguments("4h\n", "4h\n    durations: [1h, ~]\n", "db", "durations[1]", "nothing", 8),
        // requesters
        arguments("everyone: true", "everyone: yes", "db", "requesters.everyone", "string", 9),
        arguments("everyone: true", "everyone: 1", "db", "requesters.everyone", "number", 9),
        arguments("everyone: true", "users: U1", "db", "requesters.users", "expected a list", 9),
        arguments("everyone: true", "every: true", "db", "requesters.every", "unknown", 9),
        // roles and steps
        arguments(
            "      read:\n",
            "      read: x\n      other:\n",
            "db",
            "roles.read",
            "got a string",
            11),
        arguments(
            "read:\n", "read:\n        description: 5\n", "db", "roles.read.description", "", 12),
        arguments(
            "- backend: postgres-role",
            "- backend: 5",
            "db",
            "roles.read.steps[0].backend",
            "expected a string, got a number",
            13),
        arguments(
            "          - backend: postgres-role\n            principal: db-user\n",
            "          - x\n          -\n",
            "db",
            "roles.read.steps[0]",
            "expected a mapping, got a string",
            13),
        arguments(
            "principal: db-user",
            "principal: [db-user]",
            "db",
            "roles.read.steps[0].principal",
            "got a list",
            14),
        arguments(
            "            principal: db-user\n",
            "",
            "db",
            "roles.read.steps[0].principal",
            "is required",
            -1),
        arguments(
            "{ role: r }",
            "{ role: true }",
            "db",
            "roles.read.steps[0].target.role",
            "expected a string, got a boolean",
            15),
        arguments(
            "{ role: r }",
            "{ role: 12 }",
            "db",
            "roles.read.steps[0].target.role",
            "got a number",
            15),
        arguments("{ role: r }", "r", "db", "roles.read.steps[0].target", "got a string", 15));
  }

  @ParameterizedTest(name = "[{index}] {3}: {4}")
  @MethodSource("brokenDocuments")
  void strictBindingNamesTheFieldAndItsLine(
      String from, String to, String resource, String field, String fragment, int line) {
    assertThat(PolicyRulesTest.BASE).contains(from);
    String yaml = PolicyRulesTest.BASE.replaceFirst(java.util.regex.Pattern.quote(from), to);
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "test.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
              assertThat(e.resource().orElse("")).isEqualTo(resource);
              assertThat(e.getMessage()).contains(fragment);
              if (line > 0) {
                assertThat(e.getMessage()).containsPattern("\\(line " + line + ", column \\d+\\)$");
              } else {
                assertThat(e.getMessage()).doesNotContain("(line ");
              }
            });
  }
}
