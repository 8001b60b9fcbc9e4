package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.core.JitEngine;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.jdbc.internal.Snapshots;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.SampleRequests;
import dev.jit.testkit.engine.EngineWorld;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A break-glass wave ending at once on PostgreSQL: {@value #N} ACTIVE grants of distinct requesters
 * expire in the same instant and two engines sharing the database revoke them in parallel, each
 * with its own db-scheduler picking batches of due timers (lock-and-fetch) on 8 threads. Every
 * grant must be revoked exactly once (one revocation per request in the audit log, one backend call
 * per step) and the chain must verify, every step legal.
 */
class PostgresMassExpiryIT {
  static final int N = 10_000;

  @Test
  @DisplayName(
      "10,000 grants expiring together are each revoked exactly once by two engines, chain intact")
  void massExpiry() throws SQLException {
    try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL)) {
      EngineWorld world =
          new EngineWorld(
              """
              resources:
                prod-payments-db:
                  owners: { users: [U0G9QF9C6] }
                  requiredApprovals: 1
                  approvalTimeout: 30m
                  maxDuration: 4h
                  requesters: { everyone: true }
                  roles:
                    read-only:
                      steps:
                        - { backend: bulk, principal: email, target: { group: g, scope: prod } }
              """);
      InMemoryGrantBackend backend = new InMemoryGrantBackend("bulk");
      List<AccessRequest> active = seed(db);
      active.forEach(r -> backend.hold(r.steps().get(0)));
      MutableClock base = MutableClock.at(SampleRequests.T0);
      RunningClock clock = new RunningClock(base);
      JdbcScheduler arming =
          new JdbcScheduler(
              db.dataSource(), clock, Duration.ofMillis(100), Duration.ofSeconds(1), 8);
      for (int from = 0; from < N; from += 1000) {
        Map<TimerKey, Instant> page = new LinkedHashMap<>();
        for (AccessRequest r : active.subList(from, from + 1000)) {
          page.put(new TimerKey(TimerKind.EXPIRY, r.id()), r.expiresAt().orElseThrow());
        }
        arming.arm(page);
      }
      Instant expiry = active.get(0).expiresAt().orElseThrow();
      base.set(expiry.plusSeconds(1));
      List<JitEngine> engines = new ArrayList<>();
      for (int e = 0; e < 2; e++) {
        JdbcScheduler scheduler =
            new JdbcScheduler(
                db.dataSource(), clock, Duration.ofMillis(100), Duration.ofSeconds(1), 8);
        JitEngine engine =
            world
                .parts(
                    new JdbcRequestStore(db.dataSource(), Dialect.POSTGRESQL),
                    new JdbcAuditLog(db.dataSource(), Dialect.POSTGRESQL))
                .scheduler(scheduler)
                .backend(backend)
                .clock(clock)
                .build();
        engine.start();
        engines.add(engine);
      }
      try {
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> count(db, "SELECT count(*) FROM jit_audit WHERE action = 'revoked'") >= N);
      } finally {
        engines.forEach(JitEngine::stop);
      }

      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM (SELECT request_id FROM jit_audit WHERE action IN"
                      + " ('expiry_reached', 'revoked') GROUP BY request_id, action"
                      + " HAVING count(*) <> 1) AS twice"))
          .as("requests revoked more than once")
          .isZero();
      assertThat(count(db, "SELECT count(*) FROM jit_request WHERE status = 'EXPIRED'"))
          .isEqualTo(N);
      Map<GrantStep, Long> revokes =
          backend.calls().stream()
              .filter(c -> c.op() == InMemoryGrantBackend.Op.REVOKE && !c.failed())
              .collect(
                  Collectors.groupingBy(InMemoryGrantBackend.Call::step, Collectors.counting()));
      assertThat(revokes).hasSize(N);
      assertThat(revokes.values()).allMatch(times -> times == 1);
      assertThat(backend.holdings().orElseThrow()).isEmpty();
      AuditVerifier.Result chain =
          AuditVerifier.verify(new JdbcAuditLog(db.dataSource(), Dialect.POSTGRESQL));
      assertThat(chain.intact()).as(chain.toString()).isTrue();
      // the seeded four, then expiry_reached, undo_attempted (the intent before the revoke call)
      // and revoked: exactly one revocation attempt per request
      assertThat(chain.recordsChecked()).isEqualTo(7L * N);
    }
  }

  /**
   * Writes the legal four-record life (submitted, approved, step granted, granted) of {@value #N}
   * requests of distinct requesters, each with its own step, chained, and their store rows; all
   * expire at the same instant. Returns the ACTIVE snapshots.
   */
  private static List<AccessRequest> seed(TestDatabase db) throws SQLException {
    List<AccessRequest> active = new ArrayList<>();
    String previous = AuditChain.GENESIS;
    long sequence = 0;
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement audit =
            c.prepareStatement(
                "INSERT INTO jit_audit (sequence, request_id, request_version, at, action, actor,"
                    + " previous_hash, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement store =
            c.prepareStatement(
                "INSERT INTO jit_request (id, version, status, requester, created_at,"
                    + " next_deadline, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < N; i++) {
        UserId requester = new UserId(String.format("U%07d", i));
        GrantStep step = SampleRequests.step("bulk", i);
        Function<AccessRequest, AccessRequest> mine =
            r -> r.toBuilder().requester(requester).steps(List.of(step)).build();
        AccessRequest last = null;
        for (AuditEntry e : SampleRequests.history(new RequestId(String.format("m-%06d", i)), 4)) {
          AccessRequest r = mine.apply(e.request());
          String actor =
              e.actor().equals(SampleRequests.ALICE.value()) ? requester.value() : e.actor();
          AuditRecord rec =
              AuditChain.link(
                  ++sequence, new AuditEntry(e.at(), e.action(), actor, e.detail(), r), previous);
          previous = rec.hash();
          Object[] row = {
            rec.sequence(),
            r.id().value(),
            r.version(),
            e.at().toEpochMilli(),
            e.action(),
            actor,
            rec.previousHash(),
            rec.hash(),
            AuditChain.canonical(rec)
          };
          for (int col = 0; col < row.length; col++) {
            audit.setObject(col + 1, row[col]);
          }
          audit.addBatch();
          last = r;
        }
        AccessRequest a = last.toBuilder().nextDeadline(last.expiresAt()).build();
        Object[] row = {
          a.id().value(),
          a.version(),
          a.status().name(),
          a.requester().value(),
          a.createdAt().toEpochMilli(),
          a.expiresAt().orElseThrow().toEpochMilli(),
          Snapshots.encode(a)
        };
        for (int col = 0; col < row.length; col++) {
          store.setObject(col + 1, row[col]);
        }
        store.addBatch();
        active.add(a);
        if (i % 500 == 499) {
          audit.executeBatch();
          store.executeBatch();
          c.commit();
        }
      }
      try (PreparedStatement head =
          c.prepareStatement("UPDATE jit_audit_head SET sequence = ?, hash = ? WHERE id = 1")) {
        head.setLong(1, sequence);
        head.setString(2, previous);
        head.executeUpdate();
      }
      c.commit();
    }
    return active;
  }

  private static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
