package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.app.cli.ServeCommand;
import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.runtime.Database;
import dev.jit.core.audit.Ed25519Keys;
import dev.jit.core.audit.FileCheckpointSink;
import dev.jit.core.memory.InMemoryCheckpointSink;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference app signs audit checkpoints into a file outside the database while it serves and at
 * shutdown, and {@code jit audit verify} checks the database against them: intact after a real
 * grant, broken after the database's owner cuts the tail.
 */
class AuditCheckpointsAppTest {
  static final UserId REQUESTER = new UserId("U0REQ1");
  static final UserId OWNER_1 = new UserId("U0OWNER1");
  static final UserId OWNER_2 = new UserId("U0OWNER2");

  @TempDir Path dir;

  private AppConfig config(Path witness) throws Exception {
    String example = Files.readString(Path.of("config/example.yaml"));
    return ConfigLoader.parse(
        example.replace(
            "settings:\n",
            "settings:\n  audit:\n    checkpoints:\n      signingKeyEnv: JIT_AUDIT_KEY\n"
                + "      keyId: k1\n      interval: 1h\n      file: "
                + witness
                + "\n"),
        "checkpoints.yaml");
  }

  @Test
  @DisplayName("serve's checkpoints verify against the database, and show a cut tail")
  void signAndVerify() throws Exception {
    KeyPair key = Ed25519Keys.generate();
    InMemoryCheckpointSink slackChannel = new InMemoryCheckpointSink("slack:C0AUDIT");
    Path witness = dir.resolve("witness.jsonl");
    Path data = dir.resolve("data");
    Path publicKey = dir.resolve("k1.pub.pem");
    Files.writeString(publicKey, Ed25519Keys.pem(key.getPublic()));
    Env env = new Env(Map.of("JIT_AUDIT_KEY", Ed25519Keys.pem(key.getPrivate())));
    AppConfig config = config(witness);
    RunningApp app =
        RunningApp.start(
            config,
            env,
            data,
            new InMemoryDirectory()
                .user(REQUESTER, Map.of("db-user", "alice"))
                .user(OWNER_1, Map.of())
                .user(OWNER_2, Map.of()),
            database -> {
              try (Connection c = database.dataSource().getConnection();
                  Statement s = c.createStatement()) {
                s.execute("CREATE ROLE payments_read");
                s.execute("CREATE ROLE payments_write");
                s.execute("CREATE USER alice PASSWORD 'x'");
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            ServeCommand.checkpointSigner(env, config),
            List.of(slackChannel));
    app.grant(REQUESTER, "payments-db", "read-only", Duration.ofHours(1), OWNER_1, OWNER_2);
    app.close(); // signs the head at shutdown

    List<Checkpoint> inFile = new FileCheckpointSink(witness).readAll().orElseThrow();
    assertThat(slackChannel.checkpoints())
        .as("the second witness has the same checkpoints as the file")
        .isEqualTo(inFile)
        .hasSize(1);

    assertThat(Files.readAllLines(witness))
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).contains("\"keyId\":\"k1\""));
    Cli.Run intact =
        Cli.run(
            Map.of(),
            "audit",
            "verify",
            "--data-dir",
            data.toString(),
            "--checkpoints",
            witness.toString(),
            "--public-key",
            "k1=" + publicKey);
    assertThat(intact.exitCode()).as(intact.err()).isZero();
    assertThat(intact.out()).contains("intact", "1 signed checkpoint(s) hold");

    // The database's owner drops the append-only trigger and deletes the last record.
    try (Connection c =
            DriverManager.getConnection(Database.embeddedUrl(data), Database.EMBEDDED_USER, "");
        Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER jit_audit_no_delete");
      s.execute("DELETE FROM jit_audit WHERE sequence = (SELECT MAX(sequence) FROM jit_audit)");
    }

    Cli.Run cut =
        Cli.run(
            Map.of(),
            "audit",
            "verify",
            "--data-dir",
            data.toString(),
            "--checkpoints",
            witness.toString(),
            "--public-key",
            "k1=" + publicKey);
    assertThat(cut.exitCode()).isEqualTo(1);
    assertThat(cut.err()).contains("truncated");
  }

  @Test
  @DisplayName("checkpoints asked for without their key in the environment stop serve, naming it")
  void missingKey() throws Exception {
    AppConfig config = config(dir.resolve("w.jsonl"));
    Assertions.assertThatThrownBy(() -> ServeCommand.checkpointSigner(new Env(Map.of()), config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JIT_AUDIT_KEY");
    Assertions.assertThatThrownBy(
            () -> ServeCommand.checkpointSigner(new Env(Map.of("JIT_AUDIT_KEY", "nope")), config))
        .hasMessageContaining("not an Ed25519 PKCS#8 PEM private key")
        .hasMessageNotContaining("nope");
  }
}
