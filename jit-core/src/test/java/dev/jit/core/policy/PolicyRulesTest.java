package dev.jit.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the policy, broken one at a time, names the resource and the field. */
class PolicyRulesTest {
  /** A valid policy; each broken case below changes one thing in it. */
  static final String BASE =
      """
      resources:
        db:
          owners:
            users: [U1, U2]
          requiredApprovals: 1
          approvalTimeout: 30m
          maxDuration: 4h
          requesters:
            everyone: true
          roles:
            read:
              steps:
                - backend: postgres-role
                  principal: db-user
                  target: { role: r }
      """;

  static final String READ_STEPS =
      """
              steps:
                - backend: postgres-role
                  principal: db-user
                  target: { role: r }
      """;
  static final String READ_ROLE = "    roles:\n      read:\n" + READ_STEPS;

  @Test
  void baseIsValid() {
    assertThat(PolicyLoader.parse(BASE, "test.yaml").resources()).hasSize(1);
  }

  static Stream<Arguments> brokenResources() {
    return Stream.of(
        // unknown fields, at every level
        arguments(
            "requiredApprovals: 1",
            "requiredApprovals: 1\n    requiredApproval: 2",
            "requiredApproval",
            "unknown field"),
        arguments(
            "users: [U1, U2]", "users: [U1, U2]\n      user: [U3]", "owners.user", "unknown field"),
        arguments(
            "everyone: true",
            "everyone: true\n      groupz: [S1]",
            "requesters.groupz",
            "unknown field"),
        arguments(
            "      read:\n",
            "      read:\n        descripton: x\n",
            "roles.read.descripton",
            "unknown field"),
        arguments(
            "principal: db-user",
            "principal: db-user\n            targets: { a: b }",
            "roles.read.steps[0].targets",
            "unknown field"),
        // identifiers
        arguments(
            "      read:", "      Read Only:", "roles.Read Only", "role 'Read Only' is not valid"),
        arguments("[U1, U2]", "[U1, 'bad id']", "owners.users[1]", "user id 'bad id' is not valid"),
        arguments(
            "users: [U1, U2]",
            "users: [U1, U2]\n      groups: ['S 1']",
            "owners.groups[0]",
            "group id 'S 1' is not valid"),
        arguments("everyone: true", "users: [U1, 'x/y']", "requesters.users[1]", "user id 'x/y'"),
        arguments("everyone: true", "groups: ['']", "requesters.groups[0]", "group id '' is not"),
        arguments("[U1, U2]", "[U1, U1]", "owners.users[1]", "'U1' is listed twice"),
        arguments("[U1, U2]", "[U1, 42]", "owners.users[1]", "expected a string, got a number"),
        // owners and approvals
        arguments("users: [U1, U2]", "users: []", "owners", "at least one owner"),
        arguments("    owners:\n      users: [U1, U2]\n", "", "owners", "is required"),
        arguments(
            "    owners:\n      users: [U1, U2]\n",
            "    owners: [U1]\n",
            "owners",
            "expected a mapping, got a list"),
        arguments("    requiredApprovals: 1\n", "", "requiredApprovals", "is required"),
        arguments(
            "requiredApprovals: 1",
            "requiredApprovals: 0",
            "requiredApprovals",
            "must be at least 1"),
        arguments(
            "requiredApprovals: 1",
            "requiredApprovals: 3",
            "requiredApprovals",
            "3 approvals required but owners has only 2 user(s) and no groups"),
        arguments(
            "requiredApprovals: 1",
            "requiredApprovals: two",
            "requiredApprovals",
            "expected a whole number"),
        arguments(
            "requiredApprovals: 1",
            "requiredApprovals: 1.5",
            "requiredApprovals",
            "expected a whole number"),
        // durations
        arguments("    approvalTimeout: 30m\n", "", "approvalTimeout", "is required"),
        arguments("    maxDuration: 4h\n", "", "maxDuration", "is required"),
        arguments(
            "approvalTimeout: 30m", "approvalTimeout: 0s", "approvalTimeout", "must be positive"),
        arguments("maxDuration: 4h", "maxDuration: -PT4H", "maxDuration", "must be positive"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 7d1s",
            "maxDuration",
            "7d1s is longer than the 7d cap"),
        arguments(
            "approvalTimeout: 30m",
            "approvalTimeout: P8D",
            "approvalTimeout",
            "8d is longer than the 7d cap"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4 hours",
            "maxDuration",
            "'4 hours' is not a duration"),
        arguments("maxDuration: 4h", "maxDuration: 30", "maxDuration", "30 has no unit"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4h\n    durations: [15m, 5h]",
            "durations[1]",
            "5h is longer than maxDuration 4h"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4h\n    durations: [15m, PT15M]",
            "durations[1]",
            "15m is listed twice"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4h\n    durations: [0m]",
            "durations[0]",
            "must be positive"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4h\n    durations: 1h",
            "durations",
            "expected a list"),
        // requesters
        arguments("    requesters:\n      everyone: true\n", "", "requesters", "is required"),
        arguments(
            "everyone: true",
            "everyone: false",
            "requesters",
            "give 'everyone: true', or at least one of 'users' or 'groups'"),
        arguments("      everyone: true\n", "", "requesters", "is required"),
        arguments(
            "requesters:\n      everyone: true",
            "requesters: {}",
            "requesters",
            "at least one of 'users' or 'groups'"),
        arguments(
            "everyone: true",
            "everyone: true\n      users: [U3]",
            "requesters",
            "cannot be combined"),
        arguments(
            "everyone: true",
            "everyone: 'true'",
            "requesters.everyone",
            "expected true or false, got a string"),
        arguments(
            "everyone: true",
            "everyone: yes",
            "requesters.everyone",
            "expected true or false, got a string"),
        // roles and steps
        arguments("    roles:\n", "    rolez: {}\n    roles:\n", "rolez", "unknown field"),
        arguments(READ_ROLE, "    roles: {}\n", "roles", "the resource needs at least one role"),
        arguments(READ_ROLE, "", "roles", "is required"),
        arguments(READ_ROLE, "    roles: [read]\n", "roles", "expected a mapping, got a list"),
        arguments(
            "      read:\n        steps:",
            "      read: {}\n      other:\n        steps:",
            "roles.read.steps",
            "is required"),
        arguments(READ_STEPS, "        steps: []\n", "roles.read.steps", "at least one step"),
        arguments(READ_STEPS, "        steps: {}\n", "roles.read.steps", "expected a list"),
        arguments(
            "backend: postgres-role",
            "backend: a23456789012345678901234567890123",
            "roles.read.steps[0].backend",
            "is not a valid backend type"),
        arguments(
            "          - backend: postgres-role\n",
            "          - principal2: x\n",
            "roles.read.steps[0].principal2",
            "unknown field"),
        arguments(
            "          - backend: postgres-role\n            principal: db-user\n",
            "          - principal: db-user\n",
            "roles.read.steps[0].backend",
            "is required"),
        arguments(
            "            principal: db-user\n", "", "roles.read.steps[0].principal", "is required"),
        arguments(
            "principal: db-user",
            "principal: DB_User",
            "roles.read.steps[0].principal",
            "'DB_User' is not a valid principal kind (expected [a-z][a-z0-9-]{0,31})"),
        arguments(
            "{ role: r }",
            "{ 1role: r }",
            "roles.read.steps[0].target.1role",
            "'1role' is not a valid target key (expected [a-zA-Z][a-zA-Z0-9_-]{0,63})"),
        arguments(
            "{ role: r }", "{ role: ' ' }", "roles.read.steps[0].target.role", "must not be blank"),
        arguments(
            "{ role: r }",
            "{ role: { a: b } }",
            "roles.read.steps[0].target.role",
            "expected a string, got a mapping"),
        arguments(
            "{ role: r }", "[r]", "roles.read.steps[0].target", "expected a mapping, got a list"),
        // optional fields, when given, are checked too
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4h\n    approvalChannel: 'two words'",
            "approvalChannel",
            "'two words' is not a valid channel"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4h\n    description: [a]",
            "description",
            "expected a string, got a list"),
        arguments(
            "maxDuration: 4h",
            "maxDuration: 4h\n    group: '" + "g".repeat(76) + "'",
            "group",
            "must be at most 75 characters"));
  }

  @ParameterizedTest(name = "[{index}] {2}: {3}")
  @MethodSource("brokenResources")
  void everyViolationNamesResourceAndField(String from, String to, String field, String fragment) {
    assertThat(BASE).contains(from);
    String yaml = BASE.replace(from, to);
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "test.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("test.yaml: resource 'db', field '" + field + "': ")
                  .contains(fragment);
              assertThat(e.source()).isEqualTo("test.yaml");
              assertThat(e.resource()).contains("db");
              assertThat(e.field()).isEqualTo(field);
            });
  }
}
