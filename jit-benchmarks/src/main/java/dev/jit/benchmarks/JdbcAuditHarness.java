package dev.jit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jit.jdbc.Dialect;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.RequestId;
import dev.jit.testkit.SampleRequests;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * Audit appends per second on a real database: {@code N} appends from {@code T} threads through
 * {@link JdbcAuditLog} (each one transaction that locks the chain head), in a fresh schema. Prints
 * its figures.
 *
 * <pre>
 * java -cp jit-benchmarks/target/benchmarks.jar dev.jit.benchmarks.JdbcAuditHarness \
 *     'jdbc:postgresql://127.0.0.1:5432/test?user=root' 5000 4
 * </pre>
 */
public final class JdbcAuditHarness {
  private JdbcAuditHarness() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    String schema = "jit_bench_" + ProcessHandle.current().pid();
    boolean postgres = url.startsWith("jdbc:postgresql");
    try (HikariDataSource admin = pool(url, 1)) {
      exec(admin, postgres ? "CREATE SCHEMA " + schema : "CREATE DATABASE " + schema);
    }
    String schemaUrl =
        postgres
            ? url + "&currentSchema=" + schema
            : url.replaceFirst("/[a-z]*\\?", "/" + schema + "?");
    try (HikariDataSource ds = pool(schemaUrl, threads + 1)) {
      Dialect dialect = Dialect.of(ds);
      Flyway.configure().dataSource(ds).locations(dialect.migrations()).load().migrate();
      JdbcAuditLog log = new JdbcAuditLog(ds, dialect);
      for (int i = 0; i < 200; i++) {
        log.append(SampleRequests.entry(new RequestId("warm-" + i), 1));
      }
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    AuditEntry e = SampleRequests.entry(new RequestId("req-" + i), 1);
                    log.append(e);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf(
          "%s: %d audit appends from %d threads in %.2f s = %.0f appends/s%n",
          dialect, n, threads, seconds, n / seconds);
    } finally {
      try (HikariDataSource admin = pool(url, 1)) {
        exec(admin, postgres ? "DROP SCHEMA " + schema + " CASCADE" : "DROP DATABASE " + schema);
      }
    }
  }

  private static HikariDataSource pool(String url, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(size);
    return new HikariDataSource(c);
  }

  private static void exec(HikariDataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
