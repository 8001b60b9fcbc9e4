package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jit.app.config.Settings;
import dev.jit.app.runtime.Database;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.testkit.SampleRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  /** How docs/operations.md tells people to take the record text out of an export line. */
  private static final Pattern LINE =
      Pattern.compile("^\\{\"sequence\":(\\d+),\"hash\":\"([0-9a-f]{64})\",\"record\":(.*)\\}$");

  @TempDir Path dataDir;

  @BeforeEach
  void threeRecords() {
    try (Database db = open()) {
      db.migrate();
      JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), db.dialect());
      for (int i = 1; i <= 3; i++) {
        Instant at = SampleRequests.T0.plus(Duration.ofHours(i));
        AccessRequest r = SampleRequests.pending(SampleRequests.id(i), at);
        log.append(new AuditEntry(at, "submitted", r.requester().value(), "", r));
      }
    }
  }

  @Test
  @DisplayName("audit verify on an intact database says how many records it verified, exit 0")
  void intact() {
    Cli.Run run = Cli.run(Map.of(), "audit", "verify", "--data-dir", dataDir.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("audit chain intact: 3 records verified");
  }

  @Test
  @DisplayName("audit verify on a tampered database names the altered record, exit 1")
  void tampered() throws Exception {
    try (Database db = open();
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // Someone with the owner's access: the append-only trigger goes first, then the edit.
      s.execute("DROP TRIGGER jit_audit_no_update");
      assertThat(
              s.executeUpdate(
                  "UPDATE jit_audit SET record = REPLACE(record, 'INC-4711', 'INC-4712')"
                      + " WHERE sequence = 2"))
          .isEqualTo(1);
    }

    Cli.Run run = Cli.run(Map.of(), "audit", "verify", "--data-dir", dataDir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("audit chain broken at record 2");
  }

  @Test
  @DisplayName("audit verify on a directory without a database exits 2 and creates nothing")
  void noDatabase(@TempDir Path empty) {
    Cli.Run run = Cli.run(Map.of(), "audit", "verify", "--data-dir", empty.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no jit database in");
    assertThat(empty.toFile().list()).isEmpty();
  }

  @Test
  @DisplayName("audit export lines re-hash to their hash and link to each other, offline")
  void exportRoundTrips() throws Exception {
    Path out = dataDir.resolve("audit.jsonl");
    Cli.Run run =
        Cli.run(
            Map.of(), "audit", "export", "--data-dir", dataDir.toString(), "--out", out.toString());
    assertThat(run.exitCode()).isZero();

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    String previous = AuditChain.GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = LINE.matcher(lines.get(i));
      assertThat(m.matches()).as(lines.get(i)).isTrue();
      String recordText = m.group(3);
      String hash = m.group(2);
      assertThat(sha256(recordText)).isEqualTo(hash);
      JsonNode line = json.readTree(lines.get(i));
      assertThat(line.get("sequence").asLong()).isEqualTo(i + 1);
      assertThat(line.get("hash").asText()).isEqualTo(hash);
      assertThat(line.get("record").get("sequence").asLong()).isEqualTo(i + 1);
      assertThat(line.get("record").get("previousHash").asText()).isEqualTo(previous);
      previous = hash;
    }
  }

  @Test
  @DisplayName("audit export writes to stdout and keeps only records in [--from, --to)")
  void exportWindow() {
    Cli.Run run =
        Cli.run(
            Map.of(),
            "audit",
            "export",
            "--data-dir",
            dataDir.toString(),
            "--from",
            SampleRequests.T0.plus(Duration.ofHours(2)).toString(),
            "--to",
            SampleRequests.T0.plus(Duration.ofHours(3)).toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().toList())
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("{\"sequence\":2,"));
  }

  private Database open() {
    return Database.open(new Env(Map.of()), dataDir, Settings.DatabaseSettings.defaults(), false);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
