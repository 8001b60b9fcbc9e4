package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.ForwardingGrantBackend;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Whole engines on a real database: two engines share one schema, grant real database roles, race
 * each other and take over from one that stops mid-grant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineOnDatabaseTests {
  private static final UserId OWNER1 = new UserId("UO1");
  private static final UserId OWNER2 = new UserId("UO2");
  private static final UserId OWNER3 = new UserId("UO3");
  private static final ResourceId DB = new ResourceId("payments-db");
  private static final String JUSTIFICATION = "Investigating incident INC-42 in payments";

  final String prefix =
      "jit_e"
          + Long.toString(ProcessHandle.current().pid(), 36)
          + "_"
          + getClass().getSimpleName().substring(0, 2).toLowerCase();
  final String readRole = prefix + "_read";
  final String writeRole = prefix + "_write";
  final List<String> dbUsers = new ArrayList<>();
  EngineWorld world;
  MutableClock clock;
  RecordingNotifier notifier;
  TestDatabase db;

  abstract Dialect dialect();

  @BeforeAll
  void setUp() {
    db = TestDatabase.create(dialect());
    List<String> sql = new ArrayList<>();
    sql.add(
        dialect() == Dialect.POSTGRESQL
            ? "CREATE ROLE " + readRole + " NOLOGIN"
            : "CREATE ROLE " + readRole);
    sql.add(
        dialect() == Dialect.POSTGRESQL
            ? "CREATE ROLE " + writeRole + " NOLOGIN"
            : "CREATE ROLE " + writeRole);
    for (int i = 0; i < 12; i++) {
      String u = prefix + "_u" + i;
      dbUsers.add(u);
      sql.add(
          dialect() == Dialect.POSTGRESQL
              ? "CREATE ROLE " + u + " LOGIN"
              : "CREATE USER '" + u + "'@'%' IDENTIFIED BY 'x'");
    }
    db.asAdmin(sql.toArray(String[]::new));
    world =
        new EngineWorld(
            """
            resources:
              payments-db:
                owners: { users: [UO1, UO2, UO3] }
                requiredApprovals: 2
                approvalTimeout: 30m
                maxDuration: 4h
                requesters: { everyone: true }
                roles:
                  read:
                    steps:
                      - { backend: db-role, principal: db-user, target: { role: %s } }
                      - { backend: db-role, principal: db-user, target: { role: %s } }
            """
                .formatted(readRole, writeRole));
    for (int i = 0; i < dbUsers.size(); i++) {
      world.person(new UserId("UR" + i), Map.of("db-user", dbUsers.get(i)));
    }
    for (UserId owner : List.of(OWNER1, OWNER2, OWNER3)) {
      world.person(owner, Map.of());
    }
    clock = world.clock;
    notifier = world.notifier;
  }

  @AfterAll
  void tearDown() {
    if (db == null) {
      return;
    }
    List<String> sql = new ArrayList<>();
    for (String u : dbUsers) {
      sql.add(
          dialect() == Dialect.MARIADB
              ? "DROP USER IF EXISTS '" + u + "'@'%'"
              : "DROP ROLE IF EXISTS " + u);
    }
    sql.add(
        dialect() == Dialect.MARIADB ? "DROP ROLE " + readRole : "DROP ROLE IF EXISTS " + readRole);
    sql.add(
        dialect() == Dialect.MARIADB
            ? "DROP ROLE " + writeRole
            : "DROP ROLE IF EXISTS " + writeRole);
    db.asAdmin(sql.toArray(String[]::new));
    db.close();
  }

  DatabaseRoleBackend roles() {
    return DatabaseRoleBackend.builder("db-role", db.dataSource())
        .dialect(dialect())
        .managedRoles(Set.of(readRole, writeRole))
        .build();
  }

  /** An engine whose state changes each commit in one transaction ({@link JdbcTransactions}). */
  JitEngine engine(GrantBackend backend) {
    JdbcTransactions tx = new JdbcTransactions(db.dataSource(), dialect());
    return world
        .parts(
            new JdbcRequestStore(tx.dataSource(), dialect()),
            new JdbcAuditLog(tx.dataSource(), dialect()))
        .scheduler(new JdbcScheduler(tx.dataSource(), clock))
        .outbox(new JdbcOutbox(tx.dataSource()))
        .transactions(tx)
        .backend(backend)
        .settings(EngineSettings.defaults().withBackendRetries(3, Duration.ofMillis(5)))
        .build();
  }

  RequestId submit(JitEngine engine, int requester) {
    return engine
        .handle(
            new Command.Submit(
                new UserId("UR" + requester),
                DB,
                new RoleName("read"),
                Duration.ofHours(1),
                JUSTIFICATION,
                "",
                new IdempotencyKey(prefix + "-submit-" + requester)))
        .requireRequest()
        .id();
  }

  void assertAuditIntact() {
    AuditVerifier.Result result =
        AuditVerifier.verify(new JdbcAuditLog(db.dataSource(), dialect()));
    assertThat(result.intact()).as(result.toString()).isTrue();
  }

  @Test
  @DisplayName(
      "two engines on one database, racing double approvals and quorums, grant each role once")
  void twoEnginesGrantOnce() throws Exception {
    Counting backend = new Counting(roles());
    JitEngine a = engine(backend);
    JitEngine b = engine(backend);
    List<RequestId> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(submit(i % 2 == 0 ? a : b, i));
    }
    List<Command> clicks = new ArrayList<>();
    for (RequestId id : ids) {
      IdempotencyKey k1 = new IdempotencyKey(id + "-1");
      IdempotencyKey k2 = new IdempotencyKey(id + "-2");
      clicks.add(new Command.Approve(id, OWNER1, k1));
      clicks.add(new Command.Approve(id, OWNER1, k1));
      clicks.add(new Command.Approve(id, OWNER2, k2));
      clicks.add(new Command.Approve(id, OWNER2, k2));
      clicks.add(new Command.Approve(id, OWNER3, new IdempotencyKey(id + "-3")));
    }
    Collections.shuffle(clicks, new Random(42));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < clicks.size(); i++) {
      JitEngine engine = i % 2 == 0 ? a : b;
      Command click = clicks.get(i);
      done.add(
          pool.submit(
              () -> {
                go.await();
                return engine.handle(click);
              }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    DatabaseRoleBackend check = roles();
    for (RequestId id : ids) {
      AccessRequest r = a.find(id).orElseThrow();
      assertThat(r.status()).isEqualTo(RequestStatus.ACTIVE);
      for (GrantStep step : r.steps()) {
        assertThat(backend.grants(step)).as("grants of %s", step).isEqualTo(1);
        assertThat(check.check(new Grant(id, step, r.expiresAt().orElseThrow())))
            .isEqualTo(GrantCheck.HELD);
      }
    }
    assertAuditIntact();

    clock.advance(Duration.ofHours(1));
    assertThat(a.sweep() + b.sweep()).isEqualTo(ids.size());
    for (RequestId id : ids) {
      AccessRequest r = b.find(id).orElseThrow();
      assertThat(r.status()).isEqualTo(RequestStatus.EXPIRED);
      for (GrantStep step : r.steps()) {
        assertThat(check.check(new Grant(id, step, clock.instant()))).isEqualTo(GrantCheck.ABSENT);
      }
    }
    assertAuditIntact();
    for (NotificationKind kind :
        List.of(NotificationKind.PENDING, NotificationKind.GRANTED, NotificationKind.EXPIRED)) {
      assertThat(notifier.of(kind))
          .as("%s notifications", kind)
          .extracting(n -> n.request().id())
          .containsExactlyInAnyOrderElementsOf(ids);
    }
    assertThat(notifier.all())
        .extracting(Notification::key)
        .as("no notification delivered twice")
        .doesNotHaveDuplicates();
    assertThat(new JdbcOutbox(db.dataSource()).waiting(10)).isEmpty();
  }

  @Test
  @DisplayName(
      "an engine that stops mid-grant leaves no access standing: another engine rolls it back")
  void engineStopsMidGrant() {
    DatabaseRoleBackend real = roles();
    JitEngine dying = engine(new DiesAfterFirstGrant(real));
    JitEngine survivor = engine(real);
    RequestId id = submit(survivor, 10);
    dying.handle(new Command.Approve(id, OWNER1, new IdempotencyKey(prefix + "-stop-1")));
    try {
      dying.handle(new Command.Approve(id, OWNER2, new IdempotencyKey(prefix + "-stop-2")));
    } catch (Died expected) {
      // the process is gone, with the first role granted and not yet recorded
    }
    AccessRequest interrupted = survivor.find(id).orElseThrow();
    assertThat(interrupted.status()).isEqualTo(RequestStatus.APPROVED);
    GrantStep first = interrupted.steps().get(0);
    assertThat(real.check(new Grant(id, first, clock.instant()))).isEqualTo(GrantCheck.HELD);

    survivor.recover();
    clock.advance(EngineSettings.defaults().grantLease());
    survivor.sweep();

    AccessRequest after = survivor.find(id).orElseThrow();
    assertThat(after.status()).isEqualTo(RequestStatus.ROLLED_BACK);
    for (GrantStep step : after.steps()) {
      assertThat(real.check(new Grant(id, step, clock.instant()))).isEqualTo(GrantCheck.ABSENT);
    }
    assertAuditIntact();
  }

  /** Counts successful grants per step. */
  static final class Counting extends ForwardingGrantBackend {
    private final Map<GrantStep, AtomicInteger> grants = new ConcurrentHashMap<>();

    Counting(GrantBackend delegate) {
      super(delegate);
    }

    int grants(GrantStep step) {
      return grants.getOrDefault(step, new AtomicInteger()).get();
    }

    @Override
    public void grant(Grant grant) {
      super.grant(grant);
      grants.computeIfAbsent(grant.step(), s -> new AtomicInteger()).incrementAndGet();
    }
  }

  /** What a dying process looks like to the code in flight: an Error nothing catches. */
  static final class Died extends Error {
    private static final long serialVersionUID = 1L;

    Died() {
      super("simulated process death", null, false, false);
    }
  }

  /** Applies the first grant, then dies before the engine can record it. */
  static final class DiesAfterFirstGrant implements GrantBackend {
    private final GrantBackend delegate;

    DiesAfterFirstGrant(GrantBackend delegate) {
      this.delegate = delegate;
    }

    @Override
    public String type() {
      return delegate.type();
    }

    @Override
    public void grant(Grant grant) {
      delegate.grant(grant);
      throw new Died();
    }

    @Override
    public void revoke(Grant grant) {
      delegate.revoke(grant);
    }

    @Override
    public GrantCheck check(Grant grant) {
      return delegate.check(grant);
    }
  }
}
