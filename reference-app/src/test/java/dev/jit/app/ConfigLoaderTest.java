package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.BackendSpec;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.config.Settings;
import dev.jit.core.EngineSettings;
import dev.jit.core.policy.PolicyException;
import dev.jit.jdbc.DatabaseRoleConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  static final String POLICY =
      """
      policy:
        resources:
          db:
            owners: { users: [U0OWNER1] }
            requiredApprovals: 1
            approvalTimeout: 30m
            maxDuration: 1h
            requesters: { everyone: true }
            roles:
              read:
                steps:
                  - { backend: h2-role, principal: db-user, target: { role: r1 } }
      """;

  @Test
  @DisplayName("the example configurations and the demo's parse")
  void examplesParse() throws IOException {
    AppConfig example = ConfigLoader.load(Path.of("config/example.yaml"));
    assertThat(example.settings().backends())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.name()).isEqualTo("h2-role");
              assertThat(b.kind()).isEqualTo("database-role");
              DatabaseRoleConfig c = (DatabaseRoleConfig) b.config();
              assertThat(c.usesJitDatabase()).isTrue();
              assertThat(c.roles()).containsExactly("payments_read", "payments_write");
            });
    assertThat(example.settings().engine()).isEqualTo(EngineSettings.defaults());
    assertThat(example.settings().scheduler().pollingInterval()).isEqualTo(Duration.ofMillis(500));

    AppConfig all = ConfigLoader.load(Path.of("config/example-all-backends.yaml"));
    assertThat(all.policy().resources()).hasSize(4);

    try (InputStream in = Main.class.getResourceAsStream("/dev/jit/app/demo.yaml")) {
      AppConfig demo =
          ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml");
      assertThat(demo.settings().sweepInterval()).isEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  @DisplayName("a file with only a policy gets every default setting")
  void defaults() {
    AppConfig config = ConfigLoader.parse(POLICY, "c.yaml");
    assertThat(config.settings()).isEqualTo(Settings.defaults());
  }

  @Test
  @DisplayName("settings override defaults, durations in ms, s, m, h, d and ISO-8601")
  void overrides() {
    AppConfig config =
        ConfigLoader.parse(
            """
            settings:
              engine: { backendBackoff: 50ms, grantLease: PT2M, escalateAfter: 3 }
              sweepInterval: 1m30s
              reconcileInterval: 1d
            """
                + POLICY,
            "c.yaml");
    assertThat(config.settings().engine().backendBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.settings().engine().grantLease()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.settings().engine().escalateAfter()).isEqualTo(3);
    assertThat(config.settings().sweepInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.settings().reconcileInterval()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  @DisplayName("an unknown key is rejected with its full name, at every level")
  void unknownKeys() {
    assertThatThrownBy(() -> ConfigLoader.parse("setting: {}\n" + POLICY, "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml")
        .hasMessageContaining("unknown key 'setting'");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse("settings:\n  engine: { grantLeese: 5m }\n" + POLICY, "c.yaml"))
        .hasMessageContaining("unknown key 'settings.engine.grantLeese'")
        .hasMessageContaining("grantLease");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "settings:\n  databaseRoles:\n    - { backend: h2-role, roles: [r1], password: x }\n"
                        + POLICY,
                    "c.yaml"))
        .hasMessageContaining("unknown key 'settings.databaseRoles[0].password'");
  }

  @Test
  @DisplayName("wrong values name the key; secrets can only be named as environment variables")
  void wrongValues() {
    assertThatThrownBy(() -> ConfigLoader.parse("settings: { sweepInterval: 30 }\n" + POLICY, "c"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'settings.sweepInterval'");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse("settings: { engine: { backendAttempts: 0 } }\n" + POLICY, "c"))
        .hasMessageContaining("settings.engine")
        .hasMessageContaining("backendAttempts");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "settings:\n  databaseRoles:\n    - { backend: pg, roles: [r], url: 'jdbc:x',"
                        + " passwordEnv: 'hunter2!' }\n"
                        + POLICY,
                    "c"))
        .hasMessageContaining("settings.databaseRoles[0].passwordEnv")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("backends are named instances of a kind, each read into its kind's own config")
  void namedInstances() {
    AppConfig c =
        ConfigLoader.parse(
            """
            settings:
              backends:
                - { name: h2-role, kind: database-role, roles: [r1] }
                - name: pg-payments
                  kind: database-role
                  url: jdbc:postgresql://db.internal/payments
                  usernameEnv: PAYMENTS_USER
                  roles: [payments_read]
                  endSessionsOnRevoke: true
            """
                + POLICY,
            "c.yaml");

    assertThat(c.settings().backends())
        .extracting(BackendSpec::name, BackendSpec::kind)
        .containsExactly(tuple("h2-role", "database-role"), tuple("pg-payments", "database-role"));
    DatabaseRoleConfig pg = (DatabaseRoleConfig) c.settings().backends().get(1).config();
    assertThat(pg.endSessionsOnRevoke()).isTrue();
    assertThat(pg.validUntil()).as("default").isFalse();
    assertThat(pg.host()).as("default").isEqualTo("%");
  }

  @Test
  @DisplayName("a backend entry's mistakes name the entry and key: kind, unknown key, type, rule")
  void backendMistakes() {
    assertThatThrownBy(() -> parseBackend("{ name: x, kind: ldap-group, roles: [r1] }"))
        .hasMessageContaining("'settings.backends[0].kind': 'ldap-group' is not a backend kind")
        .hasMessageContaining("database-role");
    assertThatThrownBy(
            () -> parseBackend("{ name: x, kind: database-role, roles: [r1], rolez: 1 }"))
        .hasMessageContaining("unknown key 'settings.backends[0].rolez'")
        .hasMessageContaining("roles");
    assertThatThrownBy(() -> parseBackend("{ name: x, kind: database-role, roles: r1 }"))
        .hasMessageContaining("'settings.backends[0].roles': expected a list");
    assertThatThrownBy(
            () -> parseBackend("{ name: x, kind: database-role, roles: [r1], validUntil: 'yes' }"))
        .hasMessageContaining("'settings.backends[0].validUntil': expected true or false");
    assertThatThrownBy(
            () ->
                parseBackend("{ name: x, kind: database-role, roles: [r1], maximumPoolSize: '3' }"))
        .hasMessageContaining("'settings.backends[0].maximumPoolSize': expected a whole number");
    assertThatThrownBy(() -> parseBackend("{ name: x, kind: database-role, roles: [Bad-Role] }"))
        .hasMessageContaining("'settings.backends[0].roles[0]': 'Bad-Role' is not a valid role");
    assertThatThrownBy(() -> parseBackend("{ name: 'X y', kind: database-role, roles: [r1] }"))
        .hasMessageContaining("'settings.backends[0].name'");
    assertThatThrownBy(() -> parseBackend("{ kind: database-role, roles: [r1] }"))
        .hasMessageContaining("'settings.backends[0].name': is required");
  }

  @Test
  @DisplayName("a name used twice is refused, also across backends and the older databaseRoles")
  void duplicateNames() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    """
                    settings:
                      backends:
                        - { name: h2-role, kind: database-role, roles: [r1] }
                      databaseRoles:
                        - { backend: h2-role, roles: [r1] }
                    """
                        + POLICY,
                    "c.yaml"))
        .hasMessageContaining(
            "'settings.databaseRoles[0].backend': backend 'h2-role' is" + " configured twice");
  }

  @Test
  @DisplayName("the older settings.databaseRoles form is still read, as database-role instances")
  void olderForm() {
    AppConfig c =
        ConfigLoader.parse(
            "settings:\n  databaseRoles:\n    - { backend: h2-role, roles: [r1] }\n" + POLICY,
            "c.yaml");
    assertThat(c.settings().backends())
        .singleElement()
        .satisfies(b -> assertThat(b.kind()).isEqualTo("database-role"));
  }

  private static AppConfig parseBackend(String entry) {
    return ConfigLoader.parse("settings:\n  backends:\n    - " + entry + "\n" + POLICY, "c.yaml");
  }

  @Test
  @DisplayName("policy errors are PolicyExceptions naming the file, resource and field")
  void policyErrors() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    POLICY.replace("requiredApprovals: 1", "requiredApprovals: 0"), "c.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("c.yaml")
        .hasMessageContaining("resource 'db'")
        .hasMessageContaining("field 'requiredApprovals'");
    assertThatThrownBy(() -> ConfigLoader.parse("settings: {}\n", "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'policy' is missing");
  }

  @Test
  @DisplayName("duplicate keys are rejected")
  void duplicates() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "settings: { sweepInterval: 1s, sweepInterval: 2s }\n" + POLICY, "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sweepInterval");
  }
}
