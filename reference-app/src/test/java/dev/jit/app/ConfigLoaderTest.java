package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.config.Settings;
import dev.jit.core.EngineSettings;
import dev.jit.core.policy.PolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final String POLICY =
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
    assertThat(example.settings().databaseRoles())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.backend()).isEqualTo("h2-role");
              assertThat(b.usesJitDatabase()).isTrue();
              assertThat(b.roles()).containsExactly("payments_read", "payments_write");
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
