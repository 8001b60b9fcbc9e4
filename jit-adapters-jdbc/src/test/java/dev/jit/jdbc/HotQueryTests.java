package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.jdbc.internal.Snapshots;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import dev.jit.testkit.SampleRequests;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every query on a hot path stays fast without planner statistics: on a freshly loaded table
 * (autovacuum off, ANALYZE never run) each one reads about as many rows as it returns, not the
 * table. Rows examined are what the database reports: on PostgreSQL the scans' actual rows and the
 * rows their filters removed ({@code EXPLAIN ANALYZE}), on MariaDB the session's handler reads.
 *
 * <p>The load: {@value #ACTIVE} ACTIVE grants (two per requester) expiring in the future and
 * {@value #EXPIRED} EXPIRED requests, one audit record each, a timer per active grant of which
 * {@value #DUE} are due — a break-glass wave about to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HotQueryTests {
  static final int ACTIVE = 60_000;
  static final int EXPIRED = 20_000;
  static final int DUE = 100;
  private static final Instant NOW = SampleRequests.T0.plusSeconds(7200);
  private static final Pattern ACTUAL_ROWS =
      Pattern.compile("actual time=\\S+ rows=(\\d+) loops=(\\d+)");
  private static final Pattern REMOVED = Pattern.compile("Rows Removed by \\w+( \\w+)?: (\\d+)");

  private TestDatabase db;

  abstract Dialect dialect();

  @BeforeAll
  void load() throws SQLException {
    db = TestDatabase.create(dialect());
    if (dialect() == Dialect.POSTGRESQL) {
      for (String t : List.of("jit_request", "jit_audit", "scheduled_tasks")) {
        db.asAdmin("ALTER TABLE " + t + " SET (autovacuum_enabled = false)");
      }
    } else {
      for (String t : List.of("jit_request", "jit_audit", "scheduled_tasks")) {
        db.asAdmin("ALTER TABLE " + t + " STATS_AUTO_RECALC = 0, STATS_PERSISTENT = 1");
      }
    }
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement request =
            c.prepareStatement(
                "INSERT INTO jit_request (id, version, status, requester, created_at,"
                    + " next_deadline, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement audit =
            c.prepareStatement(
                "INSERT INTO jit_audit (sequence, request_id, request_version, at, action, actor,"
                    + " previous_hash, hash, record) VALUES (?, ?, 1, 0, 'submitted', 'system', ?,"
                    + " ?, '{}')");
        PreparedStatement timer =
            c.prepareStatement(
                "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked,"
                    + " version) VALUES ('jit-timer', ?, ?, ?, 1)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < ACTIVE + EXPIRED; i++) {
        boolean active = i < ACTIVE;
        AccessRequest r = request(i, active);
        request.setString(1, r.id().value());
        request.setLong(2, r.version());
        request.setString(3, r.status().name());
        request.setString(4, r.requester().value());
        request.setLong(5, r.createdAt().toEpochMilli());
        request.setObject(6, r.nextDeadline().map(Instant::toEpochMilli).orElse(null));
        request.setString(7, Snapshots.encode(r));
        request.addBatch();
        audit.setLong(1, i + 1);
        audit.setString(2, r.id().value());
        audit.setString(3, "0".repeat(64));
        audit.setString(4, String.format("%064d", i));
        audit.addBatch();
        if (active) {
          timer.setString(1, "EXPIRY:" + r.id().value());
          timer.setTimestamp(2, Timestamp.from(r.nextDeadline().orElseThrow()));
          timer.setBoolean(3, false);
          timer.addBatch();
        }
        if (i % 1000 == 999) {
          request.executeBatch();
          audit.executeBatch();
          timer.executeBatch();
          c.commit();
        }
      }
    }
  }

  /**
   * Request {@code i}: ACTIVE for requester i / 2 (the first {@value #DUE} due at NOW), or EXPIRED.
   */
  private static AccessRequest request(int i, boolean active) {
    AccessRequest r =
        SampleRequests.pending(
            new RequestId(String.format("q-%06d", i)),
            SampleRequests.T0.plusMillis(i),
            new UserId(String.format("U%06d", active ? i / 2 : i)));
    Instant expiry = i < DUE ? NOW.minusMillis(DUE - i) : NOW.plusSeconds(3600 + i);
    return r.toBuilder()
        .version(4)
        .status(active ? RequestStatus.ACTIVE : RequestStatus.EXPIRED)
        .expiresAt(Optional.of(expiry))
        .nextDeadline(active ? Optional.of(expiry) : Optional.empty())
        .build();
  }

  @AfterAll
  void drop() {
    db.close();
  }

  @Test
  @DisplayName(
      "findByRequester (the overlap check on each revocation) reads the requester's rows only")
  void byRequester() throws SQLException {
    Set<RequestStatus> statuses = EnumSet.of(RequestStatus.ACTIVE, RequestStatus.APPROVED);
    String sql = JdbcRequestStore.byRequesterSql(statuses.size());
    long examined = examined(sql, false, "U024242", "ACTIVE", "APPROVED", 500);
    assertThat(examined).as("rows examined").isLessThanOrEqualTo(10);
    if (dialect() == Dialect.POSTGRESQL) {
      // Bigger tables than this one make the planner AND a requester-only index with a scan of
      // every row of the status (seen at 80,000 rows): only an index on both rules that out.
      assertThat(plan(sql, "U024242", "ACTIVE", "APPROVED", 500))
          .contains("Index Cond: (((requester)::text = 'U024242'::text) AND ((status)::text");
    }
    assertThat(store().findByRequester(new UserId("U024242"), statuses, 500)).hasSize(2);
  }

  @Test
  @DisplayName("findByStatus pages read about a page per status, not every open request")
  void byStatus() throws SQLException {
    String sql = JdbcRequestStore.byStatusSql(3, true);
    long examined =
        examined(
            sql,
            true,
            "ACTIVE",
            "q-000100",
            500,
            "APPROVED",
            "q-000100",
            500,
            "PENDING",
            "q-000100",
            500,
            500);
    assertThat(examined).as("rows examined").isLessThanOrEqualTo(3 * 500 + 20);
    List<AccessRequest> page =
        store()
            .findByStatus(
                EnumSet.of(RequestStatus.ACTIVE, RequestStatus.APPROVED, RequestStatus.PENDING),
                Optional.of(new RequestId("q-000100")),
                500);
    assertThat(page).hasSize(500);
    assertThat(page.get(0).id().value()).isEqualTo("q-000101");
  }

  @Test
  @DisplayName("findDue (the sweep) reads the due rows only")
  void due() throws SQLException {
    long examined = examined(JdbcRequestStore.DUE_SQL, false, NOW.toEpochMilli(), 500);
    assertThat(examined).as("rows examined").isLessThanOrEqualTo(DUE + 10);
    assertThat(store().findDue(NOW, 500)).hasSize(DUE);
  }

  @Test
  @DisplayName("The audit log's head and duplicate check read one row")
  void auditHead() throws SQLException {
    assertThat(examined(JdbcAuditLog.LATEST_SQL, false, 1)).isLessThanOrEqualTo(2);
    assertThat(examined(JdbcAuditLog.EXISTS_SQL, false, "q-004242", 1)).isLessThanOrEqualTo(2);
  }

  @Test
  @DisplayName(
      "db-scheduler's polling (due timers, in both its fetch and its lock-and-fetch form) reads the due rows only")
  void schedulerPolling() throws SQLException {
    Timestamp now = Timestamp.from(NOW);
    String due =
        "SELECT * FROM scheduled_tasks WHERE picked = ? AND execution_time <= ?"
            + " ORDER BY execution_time ASC LIMIT ?";
    assertThat(examined(due, false, false, now, 100)).isLessThanOrEqualTo(DUE + 10);
    assertThat(examined(due + " FOR UPDATE SKIP LOCKED", false, false, now, 100))
        .isLessThanOrEqualTo(DUE + 10);
  }

  private JdbcRequestStore store() {
    return new JdbcRequestStore(db.dataSource(), dialect());
  }

  /**
   * Rows the database examined running {@code sql} with {@code params}; {@code sortOff} runs it
   * with sorting disabled, as {@link JdbcRequestStore#findByStatus} does on PostgreSQL.
   */
  private long examined(String sql, boolean sortOff, Object... params) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        if (dialect() == Dialect.POSTGRESQL) {
          if (sortOff) {
            c.createStatement().execute("SET LOCAL enable_sort = off");
          }
          return postgres(c, sql, params);
        }
        return mariadb(c, sql, params);
      } finally {
        c.rollback();
      }
    }
  }

  private String plan(String sql, Object... params) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = prepare(c, "EXPLAIN " + sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  private static long postgres(Connection c, String sql, Object... params) throws SQLException {
    StringBuilder plan = new StringBuilder();
    long examined = 0;
    try (PreparedStatement ps = prepare(c, "EXPLAIN (ANALYZE) " + sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String line = rs.getString(1);
        plan.append(line).append('\n');
        Matcher rows = ACTUAL_ROWS.matcher(line);
        if (line.contains("Scan") && !line.contains("Subquery Scan") && rows.find()) {
          examined += Long.parseLong(rows.group(1)) * Long.parseLong(rows.group(2));
        }
        Matcher removed = REMOVED.matcher(line);
        if (removed.find()) {
          examined += Long.parseLong(removed.group(2));
        }
      }
    }
    System.out.println(sql + "\n" + plan + "rows examined: " + examined);
    assertThat(plan.toString()).as("plan").doesNotContain("Seq Scan");
    return examined;
  }

  private static long mariadb(Connection c, String sql, Object... params) throws SQLException {
    long first = handlerReads(c);
    long before = handlerReads(c);
    long show = before - first; // what reading the counters itself adds
    int returned = 0;
    try (PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        returned++;
      }
    }
    long examined = handlerReads(c) - before - show;
    System.out.println(sql + "\nreturned " + returned + ", rows examined: " + examined);
    return examined;
  }

  /** The session's row reads so far: the sum of its Handler_read_* counters. */
  private static long handlerReads(Connection c) throws SQLException {
    long sum = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Handler_read%'")) {
      while (rs.next()) {
        sum += rs.getLong(2);
      }
    }
    return sum;
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    List<Object> list = new ArrayList<>(List.of(params));
    for (int i = 0; i < list.size(); i++) {
      ps.setObject(i + 1, list.get(i));
    }
    return ps;
  }
}
