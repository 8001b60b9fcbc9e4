package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code settings:} is bound strictly: at every level an unknown key, a value of the wrong type, a
 * scalar that would need coercing, a missing key or a value a rule refuses fails the load, naming
 * the key's full path and the line and column it is written at (0: not in the text).
 */
class ConfigStrictnessTest {

  static Stream<Arguments> brokenSettings() {
    return Stream.of(
        arguments("setting: {}", "unknown key 'setting' (known keys: policy, settings)", 1),
        arguments("settings: x", "'settings': expected a mapping, got a string", 1),
        arguments(
            "settings:\n  sweepIntervall: 1s",
            "unknown key 'settings.sweepIntervall' (known keys of 'settings': audit, backends,"
                + " database, databaseRoles, engine, identities, metricsRefreshInterval,"
                + " reconcileInterval, scheduler, sweepInterval)",
            2),
        arguments(
            "settings:\n  engine:\n    grantLeese: 5m", "key 'settings.engine.grantLeese'", 3),
        arguments("settings:\n  database: { poolSize: 3 }", "key 'settings.database.poolSize'", 2),
        arguments("settings:\n  scheduler: { thread: 3 }", "key 'settings.scheduler.thread'", 2),
        arguments(
            "settings:\n  engine: []", "'settings.engine': expected a mapping, got a list", 2),
        arguments(
            "settings:\n  engine: { backendAttempts: '3' }",
            "'settings.engine.backendAttempts': expected a whole number, got a string",
            2),
        arguments(
            "settings:\n  engine: { backendAttempts: 2.5 }",
            "'settings.engine.backendAttempts': expected a whole number, got a number",
            2),
        arguments(
            "settings:\n  engine: { nudgeAfter: 15 }",
            "'settings.engine.nudgeAfter': 15 has no unit",
            2),
        arguments(
            "settings:\n  engine: { nudgeAfter: soon }",
            "'settings.engine.nudgeAfter': 'soon' is not a duration",
            2),
        arguments(
            "settings:\n  engine: { justificationMax: 5000 }",
            "'settings.engine': justification length bounds",
            2),
        arguments(
            "settings:\n  sweepInterval: 0s", "'settings.sweepInterval': must be positive", 2),
        arguments(
            "settings:\n  reconcileInterval: yes",
            "'settings.reconcileInterval': 'yes' is not a duration",
            2),
        arguments(
            "settings:\n  database: { maximumPoolSize: 1 }",
            "'settings.database.maximumPoolSize': must be at least 2",
            2),
        arguments(
            "settings:\n  database: { maximumPoolSize: yes }",
            "'settings.database.maximumPoolSize': expected a whole number, got a string",
            2),
        arguments(
            "settings:\n  scheduler: { threads: 0 }",
            "'settings.scheduler.threads': must be at least 1",
            2),
        arguments(
            "settings:\n  scheduler: { pollingInterval: [1s] }",
            "'settings.scheduler.pollingInterval': expected a duration (e.g. 30s or 15m), got a list",
            2),
        arguments(
            "settings:\n  identities: { 'bad id': { db-user: a } }",
            "'settings.identities.bad id': user id 'bad id' is not valid",
            2),
        arguments(
            "settings:\n  identities: { U1: { DB: a } }",
            "'settings.identities.U1.DB': 'DB' is not a valid identity kind",
            2),
        arguments(
            "settings:\n  identities: { U1: { db-user: 5 } }",
            "'settings.identities.U1.db-user': expected a string, got a number",
            2),
        arguments(
            "settings:\n  identities: { U1: [a] }",
            "'settings.identities.U1': expected a mapping, got a list",
            2),
        arguments(
            "settings:\n  identities: { U1: { db-user: '' } }",
            "'settings.identities.U1.db-user': expected a non-empty string",
            2),
        arguments(
            "settings:\n  backends: { name: x }",
            "'settings.backends': expected a list of grant backends",
            2),
        arguments(
            "settings:\n  backends:\n    - { name: h2-role, kind: database-role, roles: [r1],"
                + " validUntil: yes }",
            "'settings.backends[0].validUntil': expected true or false, got a string",
            3),
        arguments(
            "settings:\n  backends:\n    - { name: 5, kind: database-role, roles: [r1] }",
            "'settings.backends[0].name': expected a string",
            3),
        arguments(
            "settings:\n  backends:\n    - { name: h2-role, kind: database-role, roles: [1] }",
            "'settings.backends[0].roles[0]': expected a string, got a number",
            3),
        arguments(
            "settings:\n  backends:\n    - { name: h2-role, roles: [r1] }",
            "'settings.backends[0].kind': is required",
            0));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("brokenSettings")
  void strictBindingNamesTheKeyAndItsLine(String settings, String expected, int line) {
    assertThatThrownBy(
            () -> ConfigLoader.parse(settings + "\n" + ConfigLoaderTest.POLICY, "c.yaml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("c.yaml: ").contains(expected);
              if (line > 0) {
                assertThat(e.getMessage()).containsPattern("\\(line " + line + ", column \\d+\\)$");
              } else {
                assertThat(e.getMessage()).doesNotContain("(line ");
              }
            });
  }
}
