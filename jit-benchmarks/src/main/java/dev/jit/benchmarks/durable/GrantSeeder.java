package dev.jit.benchmarks.durable;

import dev.jit.core.EngineSettings;
import dev.jit.core.Lifecycle;
import dev.jit.jdbc.internal.Snapshots;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Loads {@code n} ACTIVE grants straight into a {@link ScratchDb}, as an engine would have left
 * them: the request row (snapshot at version 4), the four audit records of its legal life
 * (submitted, approved, step granted, granted; chained with {@link AuditChain}, so the log
 * verifies), and its EXPIRY timer in db-scheduler's table. Seeding through the engine would take
 * longer than the scenarios themselves (about 7 round trips per transition).
 */
final class GrantSeeder {
  private static final int BATCH = 1000;
  private static final Duration LENGTH = Duration.ofHours(1);

  private GrantSeeder() {}

  /** Seeds grant {@code i} of {@code requester(i)}, expiring at {@code expiry.apply(i)}. */
  static void seed(ScratchDb db, String backend, int n, IntFunction<Instant> expiry)
      throws SQLException {
    seed(db, backend, n, expiry, false);
  }

  /**
   * As {@link #seed(ScratchDb, String, int, IntFunction)}, with each grant's EXPIRY_WARNING timer
   * too when {@code warnings} (the default {@code expiryWarning} before expiry, as {@code serve}
   * leaves it).
   */
  static void seed(
      ScratchDb db, String backend, int n, IntFunction<Instant> expiry, boolean warnings)
      throws SQLException {
    Duration warning = EngineSettings.defaults().expiryWarning();
    try (Connection c = db.pool.getConnection()) {
      c.setAutoCommit(false);
      long sequence = db.count("SELECT sequence FROM jit_audit_head WHERE id = 1");
      String hash;
      try (var s = c.createStatement();
          var rs = s.executeQuery("SELECT hash FROM jit_audit_head WHERE id = 1")) {
        rs.next();
        hash = rs.getString(1);
      }
      try (PreparedStatement request =
              c.prepareStatement(
                  "INSERT INTO jit_request (id, version, status, requester, created_at,"
                      + " next_deadline, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement audit =
              c.prepareStatement(
                  "INSERT INTO jit_audit (sequence, request_id, request_version, at, action,"
                      + " actor, previous_hash, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement timer =
              c.prepareStatement(
                  "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked,"
                      + " version) VALUES ('jit-timer', ?, ?, false, 1)")) {
        for (int i = 0; i < n; i++) {
          List<AuditEntry> life = life(i, backend, expiry.apply(i));
          for (AuditEntry e : life) {
            AuditRecord r = AuditChain.link(++sequence, e, hash);
            hash = r.hash();
            int col = 1;
            audit.setLong(col++, r.sequence());
            audit.setString(col++, e.request().id().value());
            audit.setLong(col++, e.request().version());
            audit.setLong(col++, e.at().toEpochMilli());
            audit.setString(col++, e.action());
            audit.setString(col++, e.actor());
            audit.setString(col++, r.previousHash());
            audit.setString(col++, r.hash());
            audit.setString(col, AuditChain.canonical(r));
            audit.addBatch();
          }
          AccessRequest active = life.get(life.size() - 1).request();
          request.setString(1, active.id().value());
          request.setLong(2, active.version());
          request.setString(3, active.status().name());
          request.setString(4, active.requester().value());
          request.setLong(5, active.createdAt().toEpochMilli());
          request.setLong(6, active.nextDeadline().orElseThrow().toEpochMilli());
          request.setString(7, Snapshots.encode(active));
          request.addBatch();
          timer.setString(1, new TimerKey(TimerKind.EXPIRY, active.id()).asString());
          timer.setTimestamp(2, Timestamp.from(active.nextDeadline().orElseThrow()));
          timer.addBatch();
          if (warnings) {
            timer.setString(1, new TimerKey(TimerKind.EXPIRY_WARNING, active.id()).asString());
            timer.setTimestamp(2, Timestamp.from(active.expiresAt().orElseThrow().minus(warning)));
            timer.addBatch();
          }
          if ((i + 1) % BATCH == 0 || i == n - 1) {
            audit.executeBatch();
            request.executeBatch();
            timer.executeBatch();
            c.commit();
          }
        }
      }
      try (PreparedStatement head =
          c.prepareStatement("UPDATE jit_audit_head SET sequence = ?, hash = ? WHERE id = 1")) {
        head.setLong(1, sequence);
        head.setString(2, hash);
        head.executeUpdate();
      }
      c.commit();
    }
  }

  static RequestId id(int i) {
    return new RequestId(String.format("g-%07d", i));
  }

  /** The engine's four records of a one-step grant of an hour that ends at {@code expiresAt}. */
  private static List<AuditEntry> life(int i, String backend, Instant expiresAt) {
    Instant approvedAt = expiresAt.minus(LENGTH);
    Instant createdAt = approvedAt.minusSeconds(60);
    AccessRequest r =
        new AccessRequest.Builder()
            .id(id(i))
            .version(1)
            .requester(DurableWorld.user(i))
            .resource(DurableWorld.APP)
            .role(DurableWorld.USE)
            .duration(LENGTH)
            .justification("Investigating incident INC-42 in payments")
            .ticket("INC-42")
            .status(RequestStatus.PENDING)
            .createdAt(createdAt)
            .approvalDeadline(createdAt.plus(Duration.ofMinutes(30)))
            .requiredApprovals(1)
            .steps(
                List.of(
                    new GrantStep(
                        backend,
                        Map.of("role", DurableWorld.ROLE),
                        DurableWorld.dbUser(i % DB_USERS))))
            .nextDeadline(Optional.of(createdAt.plus(Duration.ofMinutes(30))))
            .handledKeys(Map.of("k-submit-" + i, RequestStatus.PENDING))
            .build();
    AuditEntry submitted = new AuditEntry(createdAt, "submitted", r.requester().value(), "", r);
    Lifecycle.Event quorum =
        new Lifecycle.QuorumReached(new Approval(DurableWorld.OWNER, approvedAt), List.of());
    AccessRequest approved =
        next(Lifecycle.evolve(r, quorum, approvedAt), approvedAt.plus(Duration.ofMinutes(5)));
    AuditEntry approval =
        new AuditEntry(approvedAt, quorum.action(), DurableWorld.OWNER.value(), "", approved);
    Instant stepAt = approvedAt.plusMillis(20);
    Lifecycle.Event step = new Lifecycle.StepGranted(0);
    AccessRequest stepped =
        next(Lifecycle.evolve(approved, step, stepAt), stepAt.plus(Duration.ofMinutes(5)));
    Instant grantedAt = stepAt.plusMillis(5);
    Lifecycle.Event granted = new Lifecycle.Granted();
    AccessRequest active = Lifecycle.evolve(stepped, granted, grantedAt);
    active = active.toBuilder().nextDeadline(active.expiresAt()).build();
    return List.of(
        submitted,
        approval,
        new AuditEntry(stepAt, step.action(), "system", "", stepped),
        new AuditEntry(grantedAt, granted.action(), "system", "", active));
  }

  /** How many database users the grants share (grant i is for {@code perf_u<i mod this>}). */
  static final int DB_USERS = 1000;

  private static AccessRequest next(AccessRequest r, Instant deadline) {
    return r.toBuilder().nextDeadline(Optional.of(deadline)).build();
  }
}
