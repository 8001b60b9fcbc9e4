package dev.jit.jdbc;

import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The application's own database account, with exactly the shipped grants of {@code db/grants/},
 * and what an attacker holding its password can do to the audit trail with them.
 */
final class AppRole {
  final String name = "jit_app_" + Long.toString(ProcessHandle.current().pid(), 36) + "_x";

  /** The shipped GRANT statements of {@code dialect}, for {@code user}. */
  static String[] grants(Dialect dialect, String user) {
    String file = dialect == Dialect.POSTGRESQL ? "postgresql.sql" : "mariadb.sql";
    try (InputStream in = AppRole.class.getResourceAsStream("/db/grants/" + file)) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> statements = new ArrayList<>();
      for (String line : sql.split("\n")) {
        if (line.startsWith("GRANT")) {
          statements.add(line.replace("jit_app", user).replace(";", ""));
        }
      }
      return statements.toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Appends {@code entry} the way {@code JdbcAuditLog} does — numbered and linked after the head,
   * hashed over the canonical form, the head moved on — with the INSERT on {@code jit_audit} and
   * the UPDATE on {@code jit_audit_head} the grants allow.
   */
  AuditRecord forge(DataSource app, AuditEntry entry) throws SQLException {
    try (Connection c = app.getConnection()) {
      c.setAutoCommit(false);
      long last;
      String lastHash;
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT sequence, hash FROM jit_audit_head WHERE id = 1 FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        last = rs.getLong(1);
        lastHash = rs.getString(2);
      }
      AuditRecord record = AuditChain.link(last + 1, entry, lastHash);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO jit_audit (sequence, request_id, request_version, at, action, actor,"
                  + " previous_hash, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, record.sequence());
        insert.setString(2, entry.request().id().value());
        insert.setLong(3, entry.request().version());
        insert.setLong(4, entry.at().toEpochMilli());
        insert.setString(5, entry.action());
        insert.setString(6, entry.actor());
        insert.setString(7, record.previousHash());
        insert.setString(8, record.hash());
        insert.setString(9, AuditChain.canonical(record));
        insert.executeUpdate();
      }
      AuditAttackTests.setHead(c, record);
      c.commit();
      return record;
    }
  }
}
