package dev.jit.benchmarks.durable;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.jdbc.internal.CanonicalReader;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.StoredRecord;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * The ceilings beside {@code audit verify} on PostgreSQL, each over the same rows in the same run:
 * what the server ships ({@code COPY ... TO STDOUT} of the record column, and the verifier's own
 * paged query read as bytes and nothing else), what the JDK's SHA-256 and {@code openssl speed} do
 * over bytes in memory, and the verifier over the same bytes held in memory (decoding, hashing and
 * every check, without the database). Each figure is the best of three rounds after one.
 */
final class VerifyBaselines {
  private static final Pattern OPENSSL = Pattern.compile("sha256\\s+([0-9.]+)k");

  /** One stored row: its canonical bytes and the hash beside them. */
  record Row(byte[] record, String hash) {}

  private VerifyBaselines() {}

  static List<Row> rows(ScratchDb db) throws Exception {
    List<Row> out = new ArrayList<>();
    try (Connection c = db.pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT record, hash FROM jit_audit ORDER BY sequence");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Row(rs.getBytes(1), rs.getString(2)));
      }
    }
    return out;
  }

  /** The best of three timed rounds (after one untimed), in seconds. */
  static double best(Callable<?> work) throws Exception {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 4; round++) {
      long start = System.nanoTime();
      if (work.call() == null) {
        throw new IllegalStateException("no result");
      }
      if (round > 0) {
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
      }
    }
    return best;
  }

  /** {@code COPY (SELECT record ... ORDER BY sequence) TO STDOUT}, into a counter: seconds. */
  static double copyOut(ScratchDb db) throws Exception {
    return best(
        () -> {
          try (Connection c = db.pool.getConnection()) {
            long[] n = {0};
            OutputStream count =
                new OutputStream() {
                  @Override
                  public void write(int b) {
                    n[0]++;
                  }

                  @Override
                  public void write(byte[] b, int off, int len) {
                    n[0] += len;
                  }
                };
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut("COPY (SELECT record FROM jit_audit ORDER BY sequence) TO STDOUT", count);
            return n[0];
          }
        });
  }

  /**
   * The query {@code JdbcAuditLog.readStored} runs, in the verifier's pages of {@code page}, each
   * column read as bytes and dropped: seconds.
   */
  static double pagedRead(ScratchDb db, int page) throws Exception {
    return best(
        () -> {
          long bytes = 0;
          long from = 1;
          try (Connection c = db.pool.getConnection();
              PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT record, hash, sequence, request_id, request_version, at, action,"
                          + " actor, previous_hash FROM jit_audit WHERE sequence >= ?"
                          + " ORDER BY sequence LIMIT ?")) {
            while (true) {
              ps.setLong(1, from);
              ps.setInt(2, page);
              int n = 0;
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  for (int col = 1; col <= 9; col++) {
                    bytes += rs.getBytes(col).length;
                  }
                  from = rs.getLong(3) + 1;
                  n++;
                }
              }
              if (n < page) {
                return bytes;
              }
            }
          }
        });
  }

  /** The JDK's SHA-256 over each row's bytes, already in memory: seconds. */
  static double javaSha(List<Row> rows) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    return best(
        () -> {
          int keep = 0;
          for (Row r : rows) {
            keep += sha.digest(r.record())[0];
          }
          return keep;
        });
  }

  /** The verifier over the same bytes in memory: decoded, hashed and checked as from the table. */
  static double inMemoryVerify(List<Row> rows) throws Exception {
    AuditLog log = new BytesLog(rows);
    return best(
        () -> {
          AuditVerifier.Result r = AuditVerifier.verify(log);
          if (!r.intact() || r.recordsChecked() != rows.size()) {
            throw new IllegalStateException(r.toString());
          }
          return r;
        });
  }

  /** {@code openssl speed -seconds 3 -bytes N sha256}, in MB/s. */
  static double openssl(int bytes) throws Exception {
    String out =
        Pgbench.Processes.run(
            List.of(
                "openssl", "speed", "-seconds", "3", "-bytes", Integer.toString(bytes), "sha256"));
    Matcher m = OPENSSL.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no sha256 figure in openssl's output:\n" + out);
    }
    return Double.parseDouble(m.group(1)) / 1000;
  }

  /** Of openssl's own block sizes, the one nearest {@code size}. */
  static int nearestBlock(double size) {
    int best = 16;
    for (int b : new int[] {16, 64, 256, 1024, 8192, 16384}) {
      if (Math.abs(Math.log(b / size)) < Math.abs(Math.log(best / size))) {
        best = b;
      }
    }
    return best;
  }

  /** Rows held in memory, read as {@code JdbcAuditLog.readStored} reads the table's. */
  private static final class BytesLog implements AuditLog {
    private final List<Row> rows;

    BytesLog(List<Row> rows) {
      this.rows = rows;
    }

    @Override
    public List<StoredRecord> readStored(long fromSequence, int limit) {
      CanonicalReader reader = new CanonicalReader();
      List<StoredRecord> out = new ArrayList<>();
      int from = (int) Math.max(0, fromSequence - 1);
      for (Row r : rows.subList(Math.min(from, rows.size()), Math.min(from + limit, rows.size()))) {
        out.add(new StoredRecord(reader.decode(r.record(), r.hash()), r.record(), ""));
      }
      return out;
    }

    @Override
    public List<AuditRecord> read(long fromSequence, int limit) {
      return readStored(fromSequence, limit).stream().map(StoredRecord::record).toList();
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<AuditRecord> forRequest(RequestId id, long afterVersion) {
      throw new UnsupportedOperationException();
    }
  }
}
