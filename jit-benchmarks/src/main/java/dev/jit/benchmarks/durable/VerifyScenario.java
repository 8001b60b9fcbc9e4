package dev.jit.benchmarks.durable;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.RequestId;
import dev.jit.testkit.SampleRequests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code audit verify}'s speed on PostgreSQL: {@link AuditVerifier#verify} over a {@link
 * JdbcAuditLog} of {@code records} records (the legal five-record life of records / 5 requests,
 * appended from 8 threads), in MB/s of stored canonical bytes, beside raw SHA-256 over the same
 * bytes: {@code openssl speed sha256} on 1 KiB blocks, and the JDK's {@link MessageDigest} over
 * each stored record.
 */
final class VerifyScenario {
  private static final Pattern OPENSSL = Pattern.compile("sha256\\s+([0-9.]+)k");

  private VerifyScenario() {}

  static void run(Report report, int records) throws Exception {
    try (ScratchDb db = new ScratchDb("verify", 10)) {
      JdbcAuditLog log = new JdbcAuditLog(db.pool);
      fill(log, records / 5);
      List<byte[]> stored = stored(db);
      long bytes = 0;
      for (byte[] b : stored) {
        bytes += b.length;
      }
      AuditVerifier.Result first = AuditVerifier.verify(log); // warm-up, and it must be intact
      if (!first.intact()) {
        throw new IllegalStateException(first.toString());
      }
      long start = System.nanoTime();
      AuditVerifier.Result timed = AuditVerifier.verify(log);
      double verifySeconds = (System.nanoTime() - start) / 1e9;
      double verifyMbs = bytes / verifySeconds / 1e6;
      double javaMbs = javaSha(stored, bytes);
      double opensslMbs = openssl();
      report.row(
          "audit verify, "
              + timed.recordsChecked()
              + " records ("
              + bytes / 1_000_000
              + " MB) vs openssl speed sha256",
          String.format("%.1f MB/s (%.2f s)", verifyMbs, verifySeconds),
          String.format("%.0f MB/s", opensslMbs),
          verifyMbs / opensslMbs,
          "≥ 0.25",
          verifyMbs / opensslMbs >= 0.25);
      report.row(
          "audit verify vs JDK MessageDigest SHA-256 over the same stored bytes",
          String.format("%.1f MB/s", verifyMbs),
          String.format("%.0f MB/s", javaMbs),
          verifyMbs / javaMbs,
          "",
          null);
    }
  }

  private static void fill(JdbcAuditLog log, int requests) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      done.add(
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                  for (AuditEntry e :
                      SampleRequests.history(new RequestId(String.format("r-%07d", i)), 5)) {
                    log.append(e);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private static List<byte[]> stored(ScratchDb db) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = db.pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT record FROM jit_audit ORDER BY sequence");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** The JDK's SHA-256 over each stored record, best of 3, in MB/s. */
  private static double javaSha(List<byte[]> stored, long bytes) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long best = Long.MAX_VALUE;
    int keep = 0;
    for (int round = 0; round < 4; round++) {
      long start = System.nanoTime();
      for (byte[] b : stored) {
        keep += sha.digest(b)[0];
      }
      if (round > 0) {
        best = Math.min(best, System.nanoTime() - start);
      }
    }
    if (keep == 42) {
      System.out.print("");
    }
    return bytes / (best / 1e9) / 1e6;
  }

  /** {@code openssl speed -seconds 3 -bytes 1024 sha256}, in MB/s. */
  static double openssl() throws Exception {
    String out =
        Pgbench.Processes.run(
            List.of("openssl", "speed", "-seconds", "3", "-bytes", "1024", "sha256"));
    Matcher m = OPENSSL.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no sha256 figure in openssl's output:\n" + out);
    }
    return Double.parseDouble(m.group(1)) / 1000;
  }
}
