package dev.jit.jdbc;

import dev.jit.jdbc.internal.Snapshots;
import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.spi.StaleVersionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link AuditLog} over JDBC: table {@code jit_audit}, which the database itself keeps append-only
 * (triggers on PostgreSQL and MariaDB; see docs/database.md for the grants).
 *
 * <p>Each append is one transaction that locks the chain head ({@code jit_audit_head}), so appends
 * from any number of threads and processes form one straight chain without forks or gaps. The row
 * keeps the canonical text the hash covers; reading decodes that text, so a row changed behind
 * jit's back fails verification.
 */
public final class JdbcAuditLog implements AuditLog {
  private final DataSource dataSource;
  private final Dialect dialect;

  public JdbcAuditLog(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcAuditLog(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  @Override
  public AuditRecord append(AuditEntry entry) {
    RequestId id = entry.request().id();
    long version = entry.request().version();
    return Sql.transaction(
        dataSource,
        "appending to the audit log",
        c -> {
          long last;
          String lastHash;
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT sequence, hash FROM jit_audit_head WHERE id = 1 FOR UPDATE");
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new JitException("jit_audit_head has no row: was the schema migrated?");
            }
            last = rs.getLong(1);
            lastHash = rs.getString(2);
          }
          if (exists(c, id, version)) {
            throw new StaleVersionException(
                "the audit log already has request " + id + " version " + version);
          }
          AuditRecord record = AuditChain.link(last + 1, entry, lastHash);
          try (PreparedStatement ps =
              Sql.prepare(
                  c,
                  "INSERT INTO jit_audit (sequence, request_id, request_version, at, action, actor,"
                      + " previous_hash, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  record.sequence(),
                  id.value(),
                  version,
                  entry.at().toEpochMilli(),
                  entry.action(),
                  entry.actor(),
                  record.previousHash(),
                  record.hash(),
                  AuditChain.canonical(record))) {
            ps.executeUpdate();
          } catch (SQLException e) {
            if (dialect.isDuplicateKey(e)) {
              throw new StaleVersionException(
                  "the audit log already has request " + id + " version " + version);
            }
            throw e;
          }
          try (PreparedStatement ps =
              Sql.prepare(
                  c,
                  "UPDATE jit_audit_head SET sequence = ?, hash = ? WHERE id = 1",
                  record.sequence(),
                  record.hash())) {
            ps.executeUpdate();
          }
          return record;
        });
  }

  private static boolean exists(Connection c, RequestId id, long version) throws SQLException {
    try (PreparedStatement ps =
            Sql.prepare(
                c,
                "SELECT 1 FROM jit_audit WHERE request_id = ? AND request_version = ?",
                id.value(),
                version);
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  @Override
  public List<AuditRecord> read(long fromSequence, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return query(
        "SELECT record, hash FROM jit_audit WHERE sequence >= ? ORDER BY sequence LIMIT ?",
        Math.max(1, fromSequence),
        limit);
  }

  @Override
  public List<AuditRecord> forRequest(RequestId id, long afterVersion) {
    return query(
        "SELECT record, hash FROM jit_audit WHERE request_id = ? AND request_version > ?"
            + " ORDER BY request_version",
        id.value(),
        afterVersion);
  }

  private List<AuditRecord> query(String sql, Object... params) {
    return Sql.run(
        dataSource,
        "reading the audit log",
        c -> {
          try (PreparedStatement ps = Sql.prepare(c, sql, params);
              ResultSet rs = ps.executeQuery()) {
            List<AuditRecord> out = new ArrayList<>();
            while (rs.next()) {
              out.add(Snapshots.decodeRecord(rs.getString(1), rs.getString(2)));
            }
            return out;
          }
        });
  }
}
