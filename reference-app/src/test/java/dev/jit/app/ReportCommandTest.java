package dev.jit.app;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.OWNER3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jit.app.config.Settings;
import dev.jit.app.runtime.Database;
import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.audit.Checkpointer;
import dev.jit.core.audit.Ed25519Keys;
import dev.jit.core.audit.FileCheckpointSink;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.jdbc.JdbcRequestStore;
import dev.jit.spi.RequestId;
import dev.jit.testkit.engine.EngineWorld;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jit report} over the embedded database, filled by a real engine. */
class ReportCommandTest {
  @TempDir Path dir;
  private Path data;
  private Path witness;
  private Path publicKey;
  private RequestId expired;
  private RequestId denied;
  private RequestId breakGlass;

  @BeforeEach
  void aDayOfRequests() throws Exception {
    data = dir.resolve("data");
    witness = dir.resolve("witness.jsonl");
    publicKey = dir.resolve("k1.pub.pem");
    KeyPair key = Ed25519Keys.generate();
    Files.writeString(publicKey, Ed25519Keys.pem(key.getPublic()));
    EngineWorld world = new EngineWorld();
    try (Database db =
        Database.open(new Env(Map.of()), data, Settings.DatabaseSettings.defaults(), false)) {
      db.migrate();
      JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), db.dialect());
      JitEngine engine =
          world
              .parts(new JdbcRequestStore(db.dataSource(), db.dialect()), audit)
              .backend(world.okta)
              .backend(world.db)
              .backend(world.k8s)
              .build();
      expired = engine.handle(world.submitProd()).requireRequest().id();
      world.advance(Duration.ofMinutes(5), engine);
      engine.handle(world.approve(expired, OWNER1));
      engine.handle(world.approve(expired, OWNER2));
      world.advance(Duration.ofMinutes(90), engine);
      denied =
          engine
              .handle(
                  new Command.Submit(
                      EngineWorld.DEV,
                      EngineWorld.PROD,
                      EngineWorld.WRITE,
                      Duration.ofHours(1),
                      "=cmd|' /C calc'!A0",
                      "",
                      world.key()))
              .requireRequest()
              .id();
      engine.handle(new Command.Deny(denied, OWNER3, "not today", world.key()));
      world.advance(Duration.ofMinutes(5), engine);
      breakGlass =
          engine
              .handle(world.breakGlassProd(EngineWorld.REQUESTER, Duration.ofMinutes(30)))
              .requireRequest()
              .id();
      world.advance(Duration.ofMinutes(40), engine);
      new Checkpointer(
              audit,
              Ed25519Keys.signer("k1", key.getPrivate()),
              List.of(new FileCheckpointSink(witness)),
              world.clock,
              alarm -> {})
          .checkpoint();
    }
  }

  private Cli.Run period(String from, String to) {
    return Cli.run(Map.of(), "report", "--data-dir", data.toString(), "--from", from, "--to", to);
  }

  private Cli.Run report(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "report",
                "--data-dir",
                data.toString(),
                "--from",
                "2026-11-25",
                "--to",
                "2026-11-25"));
    args.addAll(List.of(more));
    return Cli.run(Map.of(), args.toArray(String[]::new));
  }

  @Test
  @DisplayName(
      "report writes CSV to stdout: a date range includes its last day, a formula is defused,"
          + " break-glass is marked, and stderr says the chain is intact")
  void csvToStdout() {
    Cli.Run run = report();
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3))
        .startsWith(breakGlass.value() + ",prod-db,write,UREQ,\"INC-77: payments");
    assertThat(lines.get(3)).contains(",EXPIRED,", ",true,system,");
    assertThat(lines.get(0)).startsWith("request_id,resource,role,requester,justification,");
    assertThat(lines.get(1)).startsWith(expired.value() + ",prod-db,read,UREQ,");
    assertThat(lines.get(1)).contains(",UO1;UO2,", ",EXPIRED,");
    assertThat(lines.get(2)).contains(",'=cmd|' /C calc'!A0,", ",DENIED,UO3,");
    assertThat(run.out()).contains("\r\n");
    assertThat(run.err()).contains("audit chain intact: ", "no checkpoints given");
  }

  @Test
  @DisplayName(
      "report --format jsonl --out with the checkpoints names the latest signed checkpoint and"
          + " that it covers the period")
  void jsonlWithCheckpoints() throws Exception {
    Path out = dir.resolve("report.jsonl");
    Cli.Run run =
        report(
            "--format",
            "jsonl",
            "--out",
            out.toString(),
            "--checkpoints",
            witness.toString(),
            "--public-key",
            "k1=" + publicKey);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("3 request(s) written to " + out, "1 signed checkpoint(s) hold");
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(4);
    JsonNode head = new ObjectMapper().readTree(lines.get(0));
    JsonNode v = head.get("verification");
    assertThat(v.get("intact").asBoolean()).isTrue();
    assertThat(v.get("latestCheckpoint").get("keyId").asText()).isEqualTo("k1");
    assertThat(v.get("latestCheckpoint").get("sequence").asLong())
        .isEqualTo(v.get("recordsChecked").asLong());
    assertThat(v.get("checkpointCoversPeriod").asBoolean()).isTrue();
    assertThat(head.get("to").asText()).isEqualTo("2026-11-26T00:00:00Z");
  }

  @Test
  @DisplayName("report --format html writes one page with a timeline")
  void html() throws Exception {
    Path out = dir.resolve("report.html");
    Cli.Run run = report("--format", "html", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(out))
        .startsWith("<!DOCTYPE html>")
        .contains("<svg class=\"timeline\"", "data-request=\"" + expired.value() + "\"");
  }

  @Test
  @DisplayName(
      "a tampered audit log: the report is still written, says where the chain breaks, exit 1")
  void tampered() throws Exception {
    try (Database db =
            Database.open(new Env(Map.of()), data, Settings.DatabaseSettings.defaults(), false);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER jit_audit_no_update");
      assertThat(
              s.executeUpdate(
                  "UPDATE jit_audit SET record = REPLACE(record, 'not today', 'approved')"
                      + " WHERE record LIKE '%not today%'"))
          .isEqualTo(1);
    }
    Path out = dir.resolve("report.html");
    Cli.Run run = report("--format", "html", "--out", out.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("audit chain broken at record");
    assertThat(Files.readString(out)).contains("data-intact=\"false\"", "audit chain broken at");
  }

  @Test
  @DisplayName("a bad format, time or period is a usage error, exit 2, and writes nothing")
  void usage() throws Exception {
    Path out = dir.resolve("never.csv");
    Cli.Run format = report("--format", "xlsx", "--out", out.toString());
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be one of [csv, jsonl, html], not 'xlsx'");

    Cli.Run time = period("yesterday", "2026-11-26");
    assertThat(time.exitCode()).isEqualTo(2);
    assertThat(time.err()).contains("--from: 'yesterday' is neither a date");

    Cli.Run backwards = period("2026-11-26T00:00:00Z", "2026-11-25T00:00:00Z");
    assertThat(backwards.exitCode()).isEqualTo(2);
    assertThat(backwards.err()).contains("the period must start before it ends");
    assertThat(out).doesNotExist();
  }
}
