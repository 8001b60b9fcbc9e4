package dev.jit.jdbc;

import dev.jit.jdbc.internal.CanonicalReader;
import dev.jit.jdbc.internal.Snapshots;
import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.spi.StaleVersionException;
import dev.jit.spi.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  private static final int MAX_BATCH = 256;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final List<Pending> queue = new ArrayList<>();
  private boolean writing;

  public JdbcAuditLog(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcAuditLog(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Inside a {@link JdbcTransactions} transaction the entry is written alone on that
   * transaction's connection (it commits with the rest of the state change); otherwise concurrent
   * appenders share one commit.
   */
  @Override
  public AuditRecord append(AuditEntry entry) {
    Pending mine = new Pending(entry);
    if (JdbcTransactions.joined(dataSource)) {
      write(List.of(mine), true);
      return mine.result();
    }
    synchronized (queue) {
      queue.add(mine);
    }
    while (true) {
      List<Pending> batch;
      synchronized (queue) {
        while (!mine.done && writing) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JitException("interrupted while appending to the audit log", e);
          }
        }
        if (mine.done) {
          return mine.result();
        }
        writing = true;
        batch = new ArrayList<>(queue.subList(0, Math.min(queue.size(), MAX_BATCH)));
        queue.subList(0, batch.size()).clear();
      }
      try {
        write(batch, false);
      } catch (RuntimeException e) {
        batch.forEach(p -> p.fail(e));
      } finally {
        synchronized (queue) {
          writing = false;
          queue.notifyAll();
        }
      }
    }
  }

  /**
   * Writes a batch in one transaction under the chain-head lock: concurrent appenders in this
   * process share one commit (group commit), appenders in other processes wait for the lock. An
   * entry whose request version is already in the log, or earlier in the batch, fails alone with
   * {@link StaleVersionException}. {@code alone}: one entry in a transaction of its caller's, where
   * the unique key alone tells a version written before (one round trip less under the lock).
   */
  private void write(List<Pending> batch, boolean alone) {
    Sql.transaction(
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
          Set<String> inBatch = new HashSet<>();
          List<Pending> written = new ArrayList<>();
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO jit_audit (sequence, request_id, request_version, at, action, actor,"
                      + " previous_hash, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Pending p : batch) {
              RequestId id = p.entry.request().id();
              long version = p.entry.request().version();
              if (!inBatch.add(id.value() + "#" + version) || (!alone && exists(c, id, version))) {
                p.fail(
                    new StaleVersionException(
                        "the audit log already has request " + id + " version " + version));
                continue;
              }
              AuditRecord record = AuditChain.link(last + 1, p.entry, lastHash);
              last = record.sequence();
              lastHash = record.hash();
              int col = 1;
              insert.setLong(col++, record.sequence());
              insert.setString(col++, id.value());
              insert.setLong(col++, version);
              insert.setLong(col++, p.entry.at().toEpochMilli());
              insert.setString(col++, p.entry.action());
              insert.setString(col++, p.entry.actor());
              insert.setString(col++, record.previousHash());
              insert.setString(col++, record.hash());
              insert.setString(col, AuditChain.canonical(record));
              insert.addBatch();
              p.record = record;
              written.add(p);
            }
            if (!written.isEmpty()) {
              try {
                insert.executeBatch();
              } catch (SQLException e) {
                if (dialect.isDuplicateKey(e)
                    || (e.getNextException() != null
                        && dialect.isDuplicateKey(e.getNextException()))) {
                  throw new StaleVersionException(
                      "an audit entry of this batch was written meanwhile");
                }
                throw e;
              }
            }
          }
          try (PreparedStatement ps =
              Sql.prepare(
                  c,
                  "UPDATE jit_audit_head SET sequence = ?, hash = ? WHERE id = 1",
                  last,
                  lastHash)) {
            ps.executeUpdate();
          }
          return null;
        });
    for (Pending p : batch) {
      if (p.record != null) {
        p.succeed();
      }
    }
  }

  /** One caller's entry, waiting to be written. Guarded by the queue's monitor once queued. */
  private static final class Pending {
    final AuditEntry entry;
    AuditRecord record;
    RuntimeException failure;
    volatile boolean done;

    Pending(AuditEntry entry) {
      this.entry = entry;
    }

    void succeed() {
      done = true;
    }

    void fail(RuntimeException e) {
      if (!done) {
        record = null;
        failure = e;
        done = true;
      }
    }

    AuditRecord result() {
      if (failure != null) {
        throw failure;
      }
      return record;
    }
  }

  private static boolean exists(Connection c, RequestId id, long version) throws SQLException {
    try (PreparedStatement ps = Sql.prepare(c, EXISTS_SQL, id.value(), version);
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /** Whether the log has a request's version: the request id, the version. */
  static final String EXISTS_SQL =
      "SELECT 1 FROM jit_audit WHERE request_id = ? AND request_version = ?";

  /** The last record: the limit (1). */
  static final String LATEST_SQL =
      "SELECT record, hash FROM jit_audit ORDER BY sequence DESC LIMIT ?";

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

  /**
   * Each record with the bytes of the text it was decoded from, and whether the row's other columns
   * (which lookups and people's own queries use) say the same as that text: a row changed behind
   * jit's back in its columns alone is reported, not trusted. The text is read as the bytes the
   * server sends (UTF-8, what the hash covers) and decoded by {@link CanonicalReader}, not as a
   * String through a JSON tree.
   */
  @Override
  public List<StoredRecord> readStored(long fromSequence, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return Sql.run(
        dataSource,
        "reading the audit log",
        c -> {
          try (PreparedStatement ps =
                  Sql.prepare(
                      c,
                      "SELECT record, hash, sequence, request_id, request_version, at, action,"
                          + " actor, previous_hash FROM jit_audit WHERE sequence >= ?"
                          + " ORDER BY sequence LIMIT ?",
                      Math.max(1, fromSequence),
                      limit);
              ResultSet rs = ps.executeQuery()) {
            List<StoredRecord> out = new ArrayList<>(Math.min(limit, 10_000));
            CanonicalReader reader = new CanonicalReader();
            while (rs.next()) {
              byte[] text = utf8(rs);
              AuditRecord r = reader.decode(text, rs.getString(2));
              out.add(new StoredRecord(r, text, disagreement(rs, r)));
            }
            return out;
          }
        });
  }

  /**
   * The current row's text as UTF-8: the bytes as sent on PostgreSQL and MariaDB (whose drivers
   * talk UTF-8 and hand out a text column's bytes undecoded), encoded from the CLOB on H2.
   */
  private byte[] utf8(ResultSet rs) throws SQLException {
    return dialect == Dialect.H2
        ? rs.getString(1).getBytes(StandardCharsets.UTF_8)
        : rs.getBytes(1);
  }

  /** The columns of the current row that differ from its record, or "". */
  private static String disagreement(ResultSet rs, AuditRecord r) throws SQLException {
    AuditEntry e = r.entry();
    List<String> differ = new ArrayList<>();
    if (rs.getLong(3) != r.sequence()) {
      differ.add("sequence");
    }
    if (!rs.getString(4).equals(e.request().id().value())) {
      differ.add("request_id");
    }
    if (rs.getLong(5) != e.request().version()) {
      differ.add("request_version");
    }
    if (rs.getLong(6) != e.at().toEpochMilli()) {
      differ.add("at");
    }
    if (!rs.getString(7).equals(e.action())) {
      differ.add("action");
    }
    if (!rs.getString(8).equals(e.actor())) {
      differ.add("actor");
    }
    if (!rs.getString(9).equals(r.previousHash())) {
      differ.add("previous_hash");
    }
    return differ.isEmpty()
        ? ""
        : "the row's " + String.join(", ", differ) + " differ from its hashed record";
  }

  @Override
  public List<AuditRecord> forRequest(RequestId id, long afterVersion) {
    return query(
        "SELECT record, hash FROM jit_audit WHERE request_id = ? AND request_version > ?"
            + " ORDER BY request_version",
        id.value(),
        afterVersion);
  }

  /** The record with the highest sequence, read from the table itself (not the head row). */
  @Override
  public Optional<AuditRecord> latest() {
    List<AuditRecord> last = query(LATEST_SQL, 1);
    return last.isEmpty() ? Optional.empty() : Optional.of(last.get(0));
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
