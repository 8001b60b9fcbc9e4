package dev.jit.benchmarks.durable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jit.benchmarks.HoldingBackend;
import dev.jit.core.JitEngine;
import dev.jit.jdbc.DatabaseRoleBackend;
import dev.jit.jdbc.JdbcScheduler;
import dev.jit.spi.GrantBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Mass expiry on PostgreSQL: {@code n} ACTIVE grants ({@link GrantSeeder}) expiring evenly over
 * {@code window}, revoked by the engine through real db-scheduler timers ({@link JdbcScheduler} as
 * {@code serve} configures it by default), the JDBC store and audit log, and either a no-op backend
 * or {@link DatabaseRoleBackend} revoking real role memberships; the sweep runs every 30 s as in
 * {@code serve}. Lateness is the audit time of each {@code revoked} record minus the grant's
 * expiry.
 *
 * <p>The engine's clock is the system clock shifted so that the first expiry comes {@code LEAD}
 * after the timers start, whatever seeding took.
 */
final class ExpiryScenario {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration LEAD = Duration.ofSeconds(3);

  private ExpiryScenario() {}

  static void run(Report report, String backendKind, int n, Duration window, Duration drain)
      throws Exception {
    boolean roles = backendKind.equals("db-role");
    try (ScratchDb db = new ScratchDb("expiry_" + backendKind.replace('-', '_'), 10);
        HikariDataSource backendPool = roles ? pool(db.url, 4) : null) {
      if (roles) {
        Roles.create(db, GrantSeeder.DB_USERS);
      }
      try {
        long seedStart = System.nanoTime();
        GrantSeeder.seed(db, backendKind, n, i -> T0.plus(window.multipliedBy(i).dividedBy(n)));
        System.out.printf(
            "  seeded %,d grants in %.1f s%n", n, (System.nanoTime() - seedStart) / 1e9);
        GrantBackend backend =
            roles
                ? DatabaseRoleBackend.builder("db-role", backendPool)
                    .managedRoles(Set.of(DurableWorld.ROLE))
                    .build()
                : new HoldingBackend("noop");
        Clock clock =
            Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), T0.minus(LEAD)));
        DurableWorld world = new DurableWorld(db, backend, n, GrantSeeder.DB_USERS, clock);
        JitEngine engine = world.engine(clock);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
        engine.start();
        sweeper.scheduleWithFixedDelay(
            () -> {
              try {
                engine.sweep();
              } catch (RuntimeException e) {
                System.out.println("  sweep failed: " + e);
              }
            },
            30,
            30,
            TimeUnit.SECONDS);
        long limit = System.nanoTime() + LEAD.plus(window).plus(drain).toNanos();
        long revoked = 0;
        while (System.nanoTime() < limit
            && (revoked = db.count("SELECT count(*) FROM jit_audit WHERE action = 'revoked'"))
                < n) {
          Thread.sleep(1000);
        }
        sweeper.shutdownNow();
        engine.stop();
        summarise(report, db, backendKind, n, window, revoked);
      } finally {
        if (roles) {
          Roles.drop(db, GrantSeeder.DB_USERS);
        }
      }
    }
  }

  private static void summarise(
      Report report, ScratchDb db, String backend, int n, Duration window, long revoked)
      throws Exception {
    long[] late = new long[(int) revoked];
    long last = Long.MIN_VALUE;
    int k = 0;
    try (Connection c = db.pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT request_id, at FROM jit_audit WHERE action = 'revoked'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next() && k < late.length) {
        int i = Integer.parseInt(rs.getString(1).substring(2));
        long expiry = T0.plus(window.multipliedBy(i).dividedBy(n)).toEpochMilli();
        late[k++] = rs.getLong(2) - expiry;
        last = Math.max(last, rs.getLong(2));
      }
    }
    late = Arrays.copyOf(late, k);
    Arrays.sort(late);
    double seconds = Math.max(0.001, (last - T0.toEpochMilli()) / 1000.0);
    double rate = k / seconds;
    double offered = n / Math.max(1.0, window.toSeconds());
    double p50 = k == 0 ? Double.NaN : late[k / 2] / 1000.0;
    double p99 = k == 0 ? Double.NaN : late[Math.min(k - 1, (int) (k * 0.99))] / 1000.0;
    double target = window.toSeconds() >= 120 ? 1 : 30;
    String figure =
        String.format(
            "%,d expiries over %d s, %s backend: lateness p50 / p99 / max; revocations/s vs"
                + " offered rate",
            n, window.toSeconds(), backend);
    report.row(
        figure,
        String.format(
            "%.2f / %.2f / %.2f s; %,.0f/s%s",
            p50,
            p99,
            k == 0 ? Double.NaN : late[k - 1] / 1000.0,
            rate,
            k < n ? " (" + (n - k) + " not revoked in time)" : ""),
        String.format("%,.0f/s", offered),
        rate / offered,
        "p99 ≤ " + (int) target + " s",
        k == n && p99 <= target);
  }

  private static HikariDataSource pool(String url, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(size);
    return new HikariDataSource(c);
  }

  /** The cluster roles of the {@code db-role} runs: one managed role, members perf_u…. */
  static final class Roles {
    private Roles() {}

    static void create(ScratchDb db, int users) {
      drop(db, users);
      db.exec("CREATE ROLE " + DurableWorld.ROLE + " NOLOGIN");
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < users; i++) {
        String u = DurableWorld.dbUser(i);
        sql.append("CREATE ROLE ")
            .append(u)
            .append(" LOGIN; GRANT ")
            .append(DurableWorld.ROLE)
            .append(" TO ")
            .append(u)
            .append(';');
      }
      db.exec(sql.toString());
    }

    static void drop(ScratchDb db, int users) {
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < users; i++) {
        sql.append("DROP ROLE IF EXISTS ").append(DurableWorld.dbUser(i)).append(';');
      }
      sql.append("DROP ROLE IF EXISTS ").append(DurableWorld.ROLE).append(';');
      db.exec(sql.toString());
    }
  }
}
