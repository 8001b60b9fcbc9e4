package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.app.cli.ExitCodes;
import dev.jit.slack.testkit.FakeSlack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations apart from serving, on a database of {@code JIT_DB_URL} (an H2 file here; the same on
 * PostgreSQL and MariaDB in {@code LeastPrivilegeServeIT}): {@code jit db migrate} applies them as
 * the owner, {@code serve} refuses a schema that is not at its version, with exit code 3 and a
 * message saying what to do. A schema behind this jit is in {@code SchemaTest}.
 */
class DbCommandTest {
  /** The newest migration jit ships (V5: indexes for the hot queries; V3 is the outbox). */
  private static final String LATEST = "5";

  static final String EXAMPLE = CliTest.EXAMPLE.toString();

  @TempDir Path dir;
  FakeSlack slack;
  String url;

  @BeforeEach
  void start() {
    slack = FakeSlack.start();
    url = "jdbc:h2:file:" + dir.resolve("jit").toAbsolutePath();
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  @Test
  @DisplayName("serve refuses a database nobody migrated: exit 3, 'run jit db migrate'")
  void serveRefusesAnUnmigratedDatabase() {
    Cli.Run run = Cli.run(serveEnv("owner", "owner-secret"), "serve", "--config", EXAMPLE);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.SCHEMA);
    assertThat(run.err())
        .contains("has no jit schema")
        .contains("jit db migrate")
        .contains("needs schema version " + LATEST)
        .doesNotContain("owner-secret");
  }

  @Test
  @DisplayName(
      "db migrate runs as JIT_DB_OWNER_USER when set, not as JIT_DB_USER; db check then says"
          + " current")
  void migrateAsTheOwner() {
    Map<String, String> env = new HashMap<>(Map.of("JIT_DB_URL", url));
    env.put("JIT_DB_OWNER_USER", "owner");
    env.put("JIT_DB_OWNER_PASSWORD", "owner-secret");
    env.put("JIT_DB_USER", "app");
    env.put("JIT_DB_PASSWORD", "wrong");

    Cli.Run migrate = Cli.run(env, "db", "migrate");
    Cli.Run asApp = Cli.run(env, "db", "check");
    env.put("JIT_DB_USER", "owner");
    env.put("JIT_DB_PASSWORD", "owner-secret");
    Cli.Run check = Cli.run(env, "db", "check");

    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("is at schema version " + LATEST);
    assertThat(asApp.exitCode())
        .as("no such login 'app': the migration did not run as it")
        .isEqualTo(2);
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out()).contains("schema version " + LATEST + ", the one this jit needs");
  }

  @Test
  @DisplayName("db migrate is idempotent: a second run applies nothing and succeeds")
  void migrateTwice() {
    Map<String, String> env = ownerEnv();
    assertThat(Cli.run(env, "db", "migrate").exitCode()).isZero();
    Cli.Run again = Cli.run(env, "db", "migrate");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("is at schema version " + LATEST);
  }

  @Test
  @DisplayName(
      "serve and db check refuse a schema a newer jit migrated (a version it does not know): exit"
          + " 3, 'run that version'")
  void serveRefusesASchemaAhead() throws SQLException {
    assertThat(Cli.run(ownerEnv(), "db", "migrate").exitCode()).isZero();
    history(
        "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
            + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\","
            + " \"execution_time\", \"success\") VALUES (99, '9999', 'from the future', 'SQL',"
            + " 'V9999__from_the_future.sql', 0, 'owner', 1, TRUE)");

    Cli.Run run = Cli.run(serveEnv("owner", "owner-secret"), "serve", "--config", EXAMPLE);
    Cli.Run check = Cli.run(serveEnv("owner", "owner-secret"), "db", "check");

    assertThat(check.exitCode()).as(check.err()).isEqualTo(ExitCodes.SCHEMA);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.SCHEMA);
    assertThat(run.err())
        .contains("is at schema version 9999, newer than this jit knows (" + LATEST + ")")
        .contains("run that version");
  }

  @Test
  @DisplayName("db and its subcommands have --help")
  void help() {
    for (String[] args :
        new String[][] {{"db", "--help"}, {"db", "migrate", "--help"}, {"db", "check", "--help"}}) {
      Cli.Run run = Cli.run(Map.of(), args);
      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("Usage: jit db");
    }
  }

  private Map<String, String> ownerEnv() {
    return Map.of(
        "JIT_DB_URL", url, "JIT_DB_OWNER_USER", "owner", "JIT_DB_OWNER_PASSWORD", "owner-secret");
  }

  private Map<String, String> serveEnv(String user, String password) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", FakeSlack.DEFAULT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", "test-secret");
    env.put("JIT_SLACK_API_URL", slack.apiUrl());
    env.put("JIT_DB_URL", url);
    env.put("JIT_DB_USER", user);
    env.put("JIT_DB_PASSWORD", password);
    return env;
  }

  private void history(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "owner", "owner-secret");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
