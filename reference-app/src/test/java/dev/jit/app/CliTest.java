package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.app.cli.AppContext;
import dev.jit.slack.testkit.FakeSlack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
  static final Path EXAMPLE = Path.of("config/example.yaml");
  static final Path ALL_BACKENDS = Path.of("config/example-all-backends.yaml");

  @TempDir Path dir;

  @Test
  @DisplayName("policy validate on a broken file names the resource and the field and exits 1")
  void validateBroken() throws IOException {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(
        file, Files.readString(EXAMPLE).replace("maxDuration: 4h", "maxDuration: forever"));

    Cli.Run run = Cli.run(Map.of(), "policy", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(file.toString())
        .contains("resource 'payments-db'")
        .contains("field 'maxDuration'");
    assertThat(run.out()).doesNotContain("valid:");
  }

  @Test
  @DisplayName("policy validate on a bare policy file with a bad step names the step's field")
  void validateBarePolicy() throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
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
                  - { backend: Postgres Role, principal: db-user }
        """);

    Cli.Run run = Cli.run(Map.of(), "policy", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("resource 'db'").contains("roles.read.steps[0].backend");
  }

  @Test
  @DisplayName("policy validate accepts the example")
  void validateExample() {
    Cli.Run example = Cli.run(Map.of(), "policy", "validate", EXAMPLE.toString());
    assertThat(example.exitCode()).as(example.err()).isZero();
    assertThat(example.out()).contains("valid:").doesNotContain("note:");
  }

  @Test
  @DisplayName(
      "policy validate names a step's missing key, unknown key and out-of-scope role, and exits 1")
  void validateStepsAgainstBackends() throws IOException {
    Path file = dir.resolve("steps.yaml");
    Files.writeString(
        file,
        """
        settings:
          backends:
            - { name: pg-payments, kind: database-role, roles: [payments_read] }
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
                    - { backend: pg-payments, principal: db-user, target: { rol: payments_read } }
                write:
                  steps:
                    - { backend: pg-payments, principal: db-user, target: { role: payments_write } }
                audit:
                  steps:
                    - { backend: pg-audit, principal: db-user, target: { role: audit_read } }
        """);

    Cli.Run run = Cli.run(Map.of(), "policy", "validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "resource 'db', role 'read', step 1 (backend 'pg-payments'): target.role: is required")
        .contains(
            "resource 'db', role 'read', step 1 (backend 'pg-payments'): target.rol: is not a key")
        .contains(
            "resource 'db', role 'write', step 1 (backend 'pg-payments'): target.role:"
                + " 'payments_write' is not a role this backend manages (managed:"
                + " [payments_read])")
        .contains(
            "resource 'db', role 'audit', step 1 (backend 'pg-audit'): backend 'pg-audit' is not"
                + " registered (registered: [pg-payments])");
    assertThat(run.out()).doesNotContain("valid:");
  }

  @Test
  @DisplayName("policy validate on a missing file exits 2")
  void validateMissingFile() {
    Cli.Run run = Cli.run(Map.of(), "policy", "validate", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.yaml").contains("cannot read");
  }

  @Test
  @DisplayName("serve without SLACK_BOT_TOKEN exits 2 naming the variable, before anything starts")
  void serveWithoutBotToken() {
    Path data = dir.resolve("data");
    Cli.Run run =
        Cli.run(
            Map.of("SLACK_SIGNING_SECRET", "s", "JIT_CONFIG", EXAMPLE.toString()),
            "serve",
            "--data-dir",
            data.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("SLACK_BOT_TOKEN");
    assertThat(data).doesNotExist();
  }

  @Test
  @DisplayName("serve in HTTP mode without SLACK_SIGNING_SECRET exits 2 naming the variable")
  void serveWithoutSigningSecret() {
    Cli.Run run =
        Cli.run(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "JIT_CONFIG", EXAMPLE.toString()), "serve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("SLACK_SIGNING_SECRET").doesNotContain("xoxb-1");
  }

  @Test
  @DisplayName("in Socket Mode the signing secret is not needed; the configuration is checked next")
  void socketModeNeedsNoSigningSecret() {
    Cli.Run run =
        Cli.run(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1"), "serve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("SLACK_SIGNING_SECRET").contains("JIT_CONFIG");
  }

  @Test
  @DisplayName("serve refuses a policy whose steps name no configured backend, before anything")
  void serveRefusesUnavailableBackends() throws IOException {
    Path data = dir.resolve("data");
    Path file = dir.resolve("unconfigured.yaml");
    Files.writeString(
        file, Files.readString(EXAMPLE).replace("backend: h2-role", "backend: pg-payments"));

    Cli.Run run =
        Cli.run(secrets(), "serve", "--config", file.toString(), "--data-dir", data.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "resource 'payments-db', role 'read-only', step 1 (backend 'pg-payments'): backend"
                + " 'pg-payments' is not registered (registered: [h2-role])");
    assertThat(data).doesNotExist();
  }

  @Test
  @DisplayName("a Slack front end that cannot start fails serve before the database is touched")
  void serveFailsFastWhenSlackCannotStart() {
    Path data = dir.resolve("data");
    Cli.Run run =
        Cli.run(
            new AppContext(new Env(secrets()), SlackFrontEnds.unavailable()),
            "serve",
            "--config",
            EXAMPLE.toString(),
            "--data-dir",
            data.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Slack front end not available");
    assertThat(data).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:mysql://jit:hunter2-db-secret@db.example/jit",
        "jdbc:h2x:tcp://db.example/jit;USER=jit;PASSWORD=hunter2-db-secret"
      })
  @DisplayName(
      "a JIT_DB_URL no driver accepts fails serve and audit verify without printing its password")
  void databaseUrlPasswordNotPrinted(String url) {
    try (FakeSlack slack = FakeSlack.start()) {
      Map<String, String> env = secrets();
      env.put("SLACK_BOT_TOKEN", FakeSlack.DEFAULT_TOKEN); // serve checks it with auth.test first
      env.put("JIT_SLACK_API_URL", slack.apiUrl());
      env.put("JIT_DB_URL", url);

      Cli.Run serve = Cli.run(env, "serve", "--config", EXAMPLE.toString());
      Cli.Run verify = Cli.run(env, "audit", "verify");

      for (Cli.Run run : List.of(serve, verify)) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("JIT_DB_URL").doesNotContain("hunter2-db-secret");
      }
    }
  }

  @Test
  @DisplayName("serve with a bot token Slack rejects exits 2 naming it, before the database")
  void serveChecksTheSlackToken() {
    try (FakeSlack slack = FakeSlack.start()) {
      Map<String, String> env = secrets();
      env.put("SLACK_BOT_TOKEN", "xoxb-revoked-token");
      env.put("JIT_SLACK_API_URL", slack.apiUrl().replaceAll("/$", ""));
      Path data = dir.resolve("data");

      Cli.Run run =
          Cli.run(env, "serve", "--config", EXAMPLE.toString(), "--data-dir", data.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("SLACK_BOT_TOKEN").doesNotContain("xoxb-revoked-token");
      assertThat(data).doesNotExist();
    }
  }

  @Test
  @DisplayName("serve names an unknown settings key and exits 2")
  void serveRejectsUnknownKey() throws IOException {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(
        file, Files.readString(EXAMPLE).replace("sweepInterval: 30s", "sweepIntervall: 30s"));

    Cli.Run run = Cli.run(secrets(), "serve", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown key 'settings.sweepIntervall'");
  }

  @Test
  @DisplayName(
      "demo runs the whole flow against an in-process fake Slack and verifies the audit chain")
  void demoRunsTheWholeFlow() {
    Cli.Run run = Cli.run(Map.of(), "demo");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.out())
        .contains("approval message")
        .contains("alice holds payments_read")
        .contains("alice no longer holds payments_read")
        .contains("Expired")
        .contains("audit chain intact: 9 records verified")
        .contains("[demo] done");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "serve",
        "demo",
        "policy",
        "policy validate",
        "audit",
        "audit verify",
        "audit export"
      })
  @DisplayName("every command has --help and exits 0 with it")
  void help(String command) {
    String[] args = (command + " --help").strip().split(" ");
    Cli.Run run = Cli.run(Map.of(), args);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: jit");
  }

  @Test
  @DisplayName("no command, or an unknown option, is a usage error (exit 2)")
  void usageErrors() {
    assertThat(Cli.run(Map.of()).exitCode()).isEqualTo(2);
    assertThat(Cli.run(Map.of(), "audit", "export", "--bogus").exitCode()).isEqualTo(2);
  }

  private static Map<String, String> secrets() {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", "xoxb-test");
    env.put("SLACK_SIGNING_SECRET", "test-secret");
    return env;
  }
}
