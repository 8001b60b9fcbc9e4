package dev.jit.benchmarks.durable;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.RequestId;
import dev.jit.testkit.SampleRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code audit verify}'s speed on PostgreSQL: {@link AuditVerifier#verify} over a {@link
 * JdbcAuditLog} of {@code records} records (the legal five-record life of records / 5 requests,
 * appended from 8 threads), in MB/s of stored canonical bytes and records/s, beside {@code openssl
 * speed sha256} (at the block size nearest the mean record and at 8 KiB), the ceilings of {@link
 * VerifyBaselines} and where verify's time goes ({@link JfrBreakdown}).
 */
final class VerifyScenario {
  private static final List<JfrBreakdown.Part> PARTS =
      List.of(
          new JfrBreakdown.Part(
              "SHA-256", List.of("sun.security.provider.", "java.security.MessageDigest")),
          new JfrBreakdown.Part(
              "decoding the canonical text",
              List.of("dev.jit.jdbc.internal.CanonicalReader", "dev.jit.jdbc.internal.Snapshots")),
          new JfrBreakdown.Part(
              "JDBC driver and pool (reading rows)",
              List.of("org.postgresql.", "com.zaxxer.", "java.net.", "sun.nio.")),
          new JfrBreakdown.Part(
              "legality of each step (History)",
              List.of(
                  "dev.jit.core.audit.History",
                  "dev.jit.core.audit.AmendmentRules",
                  "dev.jit.core.audit.BreakGlassRules")),
          new JfrBreakdown.Part(
              "row columns against the text", List.of("dev.jit.jdbc.JdbcAuditLog.disagreement")),
          new JfrBreakdown.Part(
              "chain walk (sequence, link, versions by request)",
              List.of("dev.jit.core.audit.AuditVerifier")));

  private VerifyScenario() {}

  static void run(Report report, int records) throws Exception {
    try (ScratchDb db = new ScratchDb("verify", 10)) {
      JdbcAuditLog log = new JdbcAuditLog(db.pool);
      fill(log, records / 5);
      List<VerifyBaselines.Row> rows = VerifyBaselines.rows(db);
      long bytes = 0;
      for (VerifyBaselines.Row r : rows) {
        bytes += r.record().length;
      }
      double mb = bytes / 1e6;
      AuditVerifier.Result first = AuditVerifier.verify(log); // warm-up, and it must be intact
      if (!first.intact()) {
        throw new IllegalStateException(first.toString());
      }
      double verify = VerifyBaselines.best(() -> AuditVerifier.verify(log));
      Map<String, Map<String, Double>> parts;
      long profiled = System.nanoTime();
      try (JfrBreakdown jfr = new JfrBreakdown(PARTS)) {
        for (int i = 0; i < 3; i++) {
          AuditVerifier.verify(log);
        }
        profiled = System.nanoTime() - profiled;
        parts = jfr.stop(List.of("main", "audit-verify-reader"));
      }
      double copy = VerifyBaselines.copyOut(db);
      double paged = VerifyBaselines.pagedRead(db, 1000);
      double java = VerifyBaselines.javaSha(rows);
      double memory = VerifyBaselines.inMemoryVerify(rows);
      int block = VerifyBaselines.nearestBlock(bytes / (double) rows.size());
      double openssl = VerifyBaselines.openssl(block);
      double openssl8k = VerifyBaselines.openssl(8192);
      double mbs = mb / verify;
      String figure =
          String.format("%.1f MB/s, %,.0f records/s (%.2f s)", mbs, rows.size() / verify, verify);
      String head =
          String.format(
              "audit verify, %,d records (%.1f MB, %d B a record)",
              rows.size(), mb, bytes / rows.size());
      report.row(
          head + " vs openssl speed sha256 -bytes " + block,
          figure,
          String.format("%.0f MB/s", openssl),
          mbs / openssl,
          "≥ 0.25",
          mbs / openssl >= 0.25);
      report.row(
          "… vs openssl speed sha256 -bytes 8192",
          String.format("%.1f MB/s", mbs),
          String.format("%.0f MB/s", openssl8k),
          mbs / openssl8k,
          "≥ 0.25",
          mbs / openssl8k >= 0.25);
      ceiling(report, "… vs the JDK's SHA-256 over the same bytes in memory", mb, verify, java);
      ceiling(
          report,
          "… vs the same verify over the same bytes in memory (decode, hash, checks; no database)",
          mb,
          verify,
          memory);
      ceiling(
          report,
          "… vs its own paged query, every column read as bytes and dropped (JDBC transfer)",
          mb,
          verify,
          paged);
      ceiling(
          report,
          "… vs COPY (SELECT record ... ORDER BY sequence) TO STDOUT (what PostgreSQL ships)",
          mb,
          verify,
          copy);
      double seconds = profiled / 1e9;
      parts.forEach(
          (thread, shares) -> {
            double samples = shares.remove("samples");
            double parked = shares.remove("parked s");
            StringBuilder where =
                new StringBuilder(
                    String.format(
                        "verify's thread '%s', over 3 verifies (%.2f s): parked %.2f s (%s);"
                            + " %.0f samples of the rest: ",
                        thread,
                        seconds,
                        parked,
                        thread.equals("main")
                            ? "the checker waiting for the next page"
                            : "the reader, its page read ahead, waiting for the checker",
                        samples));
            shares.forEach(
                (k, v) -> {
                  if (v >= 0.005) {
                    where.append(String.format("%s %.0f %%; ", k, v * 100));
                  }
                });
            report.note(where.toString());
          });
    }
  }

  private static void ceiling(Report report, String figure, double mb, double took, double base) {
    report.row(
        figure,
        String.format("%.1f MB/s", mb / took),
        String.format("%.0f MB/s (%.2f s)", mb / base, base),
        base / took,
        "",
        null);
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
}
