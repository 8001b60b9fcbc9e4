package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.audit.Checkpointer;
import dev.jit.core.audit.Ed25519Keys;
import dev.jit.core.audit.FileCheckpointSink;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.CheckpointSigner;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.engine.EngineWorld;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail against the people who run the database, on a real server: the application role
 * with exactly the shipped grants forges a correctly hashed and linked record, and the table's
 * owner rewrites or cuts the chain and recomputes every hash. The engine must not act on the first;
 * signed checkpoints kept outside the database must expose the second.
 */
abstract class AuditAttackTests {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final UserId REQUESTER = new UserId("UR1");
  private static final UserId OWNER1 = new UserId("UO1");
  private static final UserId OWNER2 = new UserId("UO2");

  final AppRole app = new AppRole();
  final String prefix =
      "jit_a" + Long.toString(ProcessHandle.current().pid(), 36) + "_" + COUNTER.incrementAndGet();
  final String role = prefix + "_read";
  final String dbUser = prefix + "_u";
  final KeyPair key = Ed25519Keys.generate();
  final CheckpointSigner signer = Ed25519Keys.signer("audit-1", key.getPrivate());
  final Map<String, PublicKey> publicKeys = Map.of("audit-1", key.getPublic());
  final List<String> alarms = new ArrayList<>();
  @TempDir Path dir;
  TestDatabase db;
  HikariDataSource appData;
  EngineWorld world;

  abstract Dialect dialect();

  /** The application's connection URL for {@code user} in this test's schema or database. */
  abstract String appUrl(String user);

  abstract String[] createAppUser(String user);

  abstract String[] dropAppUser(String user);

  /** SQL with which the table's owner switches the append-only protection off. */
  abstract String[] unprotect();

  /** SQL with which the owner switches it back on, so that nothing looks amiss afterwards. */
  abstract String[] protect();

  abstract String[] createRoleAndUser();

  abstract String[] dropRoleAndUser();

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(dialect());
    db.asAdmin(createAppUser(app.name));
    db.asAdmin(AppRole.grants(dialect(), app.name));
    db.asAdmin(createRoleAndUser());
    appData = new HikariDataSource();
    appData.setJdbcUrl(appUrl(app.name));
    appData.setMaximumPoolSize(8);
    world =
        new EngineWorld(
                """
                resources:
                  payments-db:
                    owners: { users: [UO1, UO2, UO3] }
                    requiredApprovals: 1
                    approvalTimeout: 30m
                    maxDuration: 4h
                    requesters: { everyone: true }
                    roles:
                      read:
                        steps:
                          - { backend: db-role, principal: db-user, target: { role: %s } }
                """
                    .formatted(role))
            .person(OWNER1, Map.of())
            .person(OWNER2, Map.of());
    for (int i = 0; i < 40; i++) {
      world.person(new UserId("UR" + i), Map.of("db-user", i == 1 ? dbUser : dbUser + i));
    }
  }

  @AfterEach
  void tearDown() {
    if (appData != null) {
      appData.close();
    }
    if (db != null) {
      db.asAdmin(dropAppUser(app.name));
      db.asAdmin(dropRoleAndUser());
      db.close();
    }
  }

  /** The application's audit log, connected as the application role. */
  AuditLog appLog() {
    return new JdbcAuditLog(appData, dialect());
  }

  DatabaseRoleBackend roles() {
    return DatabaseRoleBackend.builder("db-role", db.dataSource())
        .dialect(dialect())
        .managedRoles(Set.of(role))
        .build();
  }

  /** An engine that connects as the application role, as production does. */
  JitEngine engine(GrantBackend backend) {
    return world
        .parts(new JdbcRequestStore(appData, dialect()), appLog())
        .scheduler(new JdbcScheduler(appData, world.clock))
        .backend(backend)
        .settings(EngineSettings.defaults().withBackendRetries(3, Duration.ofMillis(5)))
        .build();
  }

  RequestId active(JitEngine engine, int requester) {
    RequestId id =
        engine
            .handle(
                new Command.Submit(
                    new UserId("UR" + requester),
                    new ResourceId("payments-db"),
                    new RoleName("read"),
                    Duration.ofHours(1),
                    "Investigating incident INC-42 in payments",
                    "",
                    world.key()))
            .requireRequest()
            .id();
    engine.handle(world.approve(id, OWNER1));
    assertThat(engine.find(id).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
    return id;
  }

  Checkpointer checkpointer(FileCheckpointSink sink) {
    return new Checkpointer(appLog(), signer, List.of(sink), world.clock, alarms::add);
  }

  Checkpointer checkpointer(String keyId, PrivateKey key, FileCheckpointSink sink) {
    return new Checkpointer(
        appLog(), Ed25519Keys.signer(keyId, key), List.of(sink), world.clock, alarms::add);
  }

  @Test
  @DisplayName(
      "a record forged by the application role, hashed and linked, is not adopted: access goes,"
          + " admins are alerted, verify names it")
  void forgedAppendAsApplicationRole() throws SQLException {
    DatabaseRoleBackend backend = roles();
    JitEngine engine = engine(backend);
    RequestId id = active(engine, 1);
    AccessRequest trusted = engine.find(id).orElseThrow();
    Grant held = new Grant(id, trusted.steps().get(0), world.clock.instant());
    assertThat(backend.check(held)).isEqualTo(GrantCheck.HELD);
    var yearOut = Optional.of(trusted.expiresAt().orElseThrow().plus(Duration.ofDays(365)));
    AccessRequest extended =
        trusted.toBuilder()
            .version(trusted.version() + 1)
            .expiresAt(yearOut)
            .nextDeadline(yearOut)
            .build();

    AuditRecord forged =
        app.forge(
            appData, new AuditEntry(world.clock.instant(), "granted", "system", "", extended));

    AccessRequest seen = engine.find(id).orElseThrow();
    assertThat(seen.version()).as("held at the trusted version").isEqualTo(trusted.version());
    assertThat(seen.expiresAt()).isEqualTo(trusted.expiresAt());
    assertThat(backend.check(held))
        .as("the role is revoked in the database")
        .isEqualTo(GrantCheck.ABSENT);
    assertThat(world.notifier.of(NotificationKind.ESCALATION))
        .extracting(n -> n.detail())
        .anySatisfy(d -> assertThat(d).startsWith("security:"));
    AuditVerifier.Result verified = AuditVerifier.verify(appLog());
    assertThat(verified.firstBrokenSequence()).contains(forged.sequence());
    assertThat(verified.problem()).contains(id.value());
  }

  @Test
  @DisplayName(
      "a request forged by the application role for longer than the policy allows, hashed and"
          + " linked, is named by verify with the policy")
  void forgedDurationBeyondPolicy() throws SQLException {
    JitEngine engine = engine(world.db);
    AccessRequest real = engine.find(active(engine, 2)).orElseThrow();
    AccessRequest month =
        real.toBuilder()
            .id(new RequestId("forged-1"))
            .version(1)
            .duration(Duration.ofDays(30))
            .status(RequestStatus.PENDING)
            .approvals(List.of())
            .stepsDone(0)
            .grantedAt(Optional.empty())
            .expiresAt(Optional.empty())
            .nextDeadline(Optional.of(real.approvalDeadline()))
            .handledKeys(Map.of())
            .build();

    AuditRecord forged =
        app.forge(
            appData,
            new AuditEntry(
                world.clock.instant(), "submitted", real.requester().value(), "", month));

    assertThat(AuditVerifier.verify(appLog()).intact()).as("without the policy").isTrue();
    AuditVerifier.Result withPolicy = AuditVerifier.verify(appLog(), Optional.of(world.policy));
    assertThat(withPolicy.firstBrokenSequence()).contains(forged.sequence());
    assertThat(withPolicy.problem()).contains("PT720H exceeds the policy's maximum of PT4H");
  }

  @Test
  @DisplayName(
      "the owner's rewrite of who approved, re-hashed to the head, passes plain verify but not the"
          + " checkpoints")
  void ownerRewritesAndRehashes() throws SQLException {
    JitEngine engine = engine(world.db);
    List<RequestId> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(active(engine, i));
    }
    FileCheckpointSink sink = new FileCheckpointSink(dir.resolve("checkpoints.jsonl"));
    assertThat(checkpointer(sink).checkpoint()).isPresent();
    RequestId victim = ids.get(0);

    db.asAdmin(unprotect());
    rewrite(
        r -> {
          if (!r.entry().request().id().equals(victim)) {
            return r.entry();
          }
          AccessRequest q = r.entry().request();
          List<Approval> approvals =
              q.approvals().stream().map(a -> new Approval(OWNER2, a.at())).toList();
          String actor =
              r.entry().actor().equals(OWNER1.value()) ? OWNER2.value() : r.entry().actor();
          return new AuditEntry(
              r.entry().at(),
              r.entry().action(),
              actor,
              r.entry().detail(),
              q.toBuilder()
                  .approvals(approvals)
                  .decidedBy(q.decidedBy().map(u -> u.equals(OWNER1) ? OWNER2 : u))
                  .build());
        });
    db.asAdmin(protect());

    assertThat(appLog().forRequest(victim, 0))
        .extracting(r -> r.entry().request().approvals())
        .anySatisfy(a -> assertThat(a).extracting(Approval::approver).containsExactly(OWNER2));
    AuditVerifier.Result plain = AuditVerifier.verify(appLog(), Optional.of(world.policy));
    assertThat(plain.intact()).as("plain verify: " + plain).isTrue();
    AuditVerifier.Result anchored = verifyAgainst(sink);
    assertThat(anchored.intact()).isFalse();
    assertThat(anchored.problem()).contains("rewritten");
  }

  @Test
  @DisplayName(
      "the owner's change of a row's columns alone (who acted, which request), its hashed record"
          + " left as it was, fails verify at that row")
  void ownerChangesColumnsNotRecord() throws SQLException {
    JitEngine engine = engine(world.db);
    RequestId victim = active(engine, 0);
    active(engine, 1);
    long approval =
        appLog().forRequest(victim, 0).stream()
            .filter(r -> r.entry().actor().equals(OWNER1.value()))
            .findFirst()
            .orElseThrow()
            .sequence();

    db.asAdmin(unprotect());
    db.asAdmin("UPDATE jit_audit SET actor = 'UO2' WHERE sequence = " + approval);
    db.asAdmin(protect());
    AuditVerifier.Result actor = AuditVerifier.verify(appLog(), Optional.of(world.policy));
    assertThat(actor.intact()).as(actor.toString()).isFalse();
    assertThat(actor.firstBrokenSequence()).contains(approval);
    assertThat(actor.problem()).contains("actor");

    db.asAdmin(unprotect());
    db.asAdmin(
        "UPDATE jit_audit SET actor = 'UO1', request_id = 'elsewhere' WHERE sequence = "
            + approval);
    db.asAdmin(protect());
    AuditVerifier.Result request = AuditVerifier.verify(appLog(), Optional.of(world.policy));
    assertThat(request.firstBrokenSequence()).contains(approval);
    assertThat(request.problem()).contains("request_id");
  }

  @Test
  @DisplayName("a tail the owner deleted, with the head reset, is caught by the latest checkpoint")
  void ownerTruncatesTail() throws SQLException {
    JitEngine engine = engine(world.db);
    FileCheckpointSink sink = new FileCheckpointSink(dir.resolve("checkpoints.jsonl"));
    Checkpointer checkpointer = checkpointer(sink);
    active(engine, 1);
    checkpointer.checkpoint();
    active(engine, 2);
    long last = checkpointer.checkpoint().orElseThrow().sequence();
    long keep = last - 2;

    db.asAdmin(unprotect());
    AuditRecord newHead = appLog().read(keep, 1).get(0);
    db.asAdmin("DELETE FROM jit_audit WHERE sequence > " + keep);
    setHead(db.dataSource(), newHead);
    db.asAdmin(protect());

    assertThat(AuditVerifier.verify(appLog()).intact()).as("plain verify").isTrue();
    AuditVerifier.Result anchored = verifyAgainst(sink);
    assertThat(anchored.firstBrokenSequence()).contains(keep + 1);
    assertThat(anchored.problem()).contains("truncated").contains("record " + last);
  }

  @Test
  @DisplayName("a checkpoint signed with another key, or an unknown key id, is rejected")
  void wrongKeyRejected() {
    JitEngine engine = engine(world.db);
    active(engine, 1);
    KeyPair other = Ed25519Keys.generate();
    FileCheckpointSink sink = new FileCheckpointSink(dir.resolve("forged.jsonl"));
    checkpointer("audit-1", other.getPrivate(), sink).checkpoint();
    FileCheckpointSink unknown = new FileCheckpointSink(dir.resolve("unknown.jsonl"));
    checkpointer("audit-9", other.getPrivate(), unknown).checkpoint();

    assertThat(verifyAgainst(sink).problem()).contains("does not verify under key 'audit-1'");
    assertThat(verifyAgainst(unknown).problem()).contains("'audit-9'").contains("not a known key");
  }

  @Test
  @DisplayName(
      "two engines appending concurrently while checkpoints run: every checkpoint verifies, thousands"
          + " of records and a rotated key verify")
  void concurrentEnginesWithCheckpoints() throws Exception {
    JitEngine a = engine(world.db);
    JitEngine b = engine(world.db);
    KeyPair second = Ed25519Keys.generate();
    FileCheckpointSink sink = new FileCheckpointSink(dir.resolve("checkpoints.jsonl"));
    Checkpointer first = checkpointer(sink);
    Checkpointer rotated = checkpointer("audit-2", second.getPrivate(), sink);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger made = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    Future<?> anchoring =
        pool.submit(
            () -> {
              while (running.get()) {
                boolean late = made.get() >= 10;
                (late ? rotated : first).checkpoint().ifPresent(c -> made.incrementAndGet());
              }
              return null;
            });
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      JitEngine engine = t % 2 == 0 ? a : b;
      int thread = t;
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 150; i++) {
                  int requester = thread * 10 + i % 10;
                  RequestId id = active(engine, requester);
                  engine.handle(new Command.Revoke(id, new UserId("UR" + requester), world.key()));
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get(10, TimeUnit.MINUTES);
    }
    running.set(false);
    anchoring.get(1, TimeUnit.MINUTES);
    rotated.checkpoint();
    pool.shutdown();

    Map<String, PublicKey> keys = Map.of("audit-1", key.getPublic(), "audit-2", second.getPublic());
    List<Checkpoint> checkpoints = sink.readAll().orElseThrow();
    assertThat(checkpoints).hasSizeGreaterThan(10);
    assertThat(checkpoints).extracting(Checkpoint::keyId).contains("audit-1", "audit-2");
    for (Checkpoint c : checkpoints) {
      assertThat(Ed25519Keys.problem(c, keys)).as("checkpoint %s", c.sequence()).isEmpty();
    }
    AuditVerifier.Result result =
        AuditVerifier.verify(appLog(), Optional.of(world.policy), checkpoints, keys);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.recordsChecked()).isGreaterThan(2000);
    assertThat(checkpoints.get(checkpoints.size() - 1).sequence())
        .isEqualTo(result.recordsChecked());
    assertThat(alarms).isEmpty();
  }

  private AuditVerifier.Result verifyAgainst(FileCheckpointSink sink) {
    return AuditVerifier.verify(
        appLog(), Optional.of(world.policy), sink.readAll().orElseThrow(), publicKeys);
  }

  /**
   * What the owner does with the protection off: changes entries, then recomputes every hash from
   * the first changed record on, and the head.
   */
  private void rewrite(Function<AuditRecord, AuditEntry> change) throws SQLException {
    String previous = AuditChain.GENESIS;
    boolean changed = false;
    AuditRecord last = null;
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE jit_audit SET actor = ?, previous_hash = ?, hash = ?, record = ?"
                    + " WHERE sequence = ?")) {
      for (AuditRecord r : appLog().read(1, 100_000)) {
        AuditEntry entry = change.apply(r);
        changed |= !entry.equals(r.entry());
        AuditRecord relinked = AuditChain.link(r.sequence(), entry, previous);
        if (changed) {
          update.setString(1, entry.actor());
          update.setString(2, relinked.previousHash());
          update.setString(3, relinked.hash());
          update.setString(4, AuditChain.canonical(relinked));
          update.setLong(5, r.sequence());
          update.executeUpdate();
        }
        previous = relinked.hash();
        last = relinked;
      }
    }
    assertThat(changed).as("the rewrite changed something").isTrue();
    setHead(db.dataSource(), last);
  }

  static void setHead(DataSource ds, AuditRecord head) throws SQLException {
    try (Connection c = ds.getConnection()) {
      setHead(c, head);
    }
  }

  static void setHead(Connection c, AuditRecord head) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE jit_audit_head SET sequence = ?, hash = ? WHERE id = 1")) {
      ps.setLong(1, head.sequence());
      ps.setString(2, head.hash());
      ps.executeUpdate();
    }
  }
}
