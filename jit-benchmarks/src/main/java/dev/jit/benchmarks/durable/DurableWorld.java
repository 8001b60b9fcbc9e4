package dev.jit.benchmarks.durable;

import dev.jit.benchmarks.HoldingBackend;
import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.jdbc.JdbcRequestStore;
import dev.jit.jdbc.JdbcScheduler;
import dev.jit.jdbc.JdbcTransactions;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.Notification;
import dev.jit.spi.Notifier;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.Transactions;
import dev.jit.spi.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * The durable parts of {@code serve} on a {@link ScratchDb}: {@link JdbcRequestStore}, {@link
 * JdbcAuditLog} and {@link JdbcScheduler} (real db-scheduler timers) on the system clock, a policy
 * of one resource whose only role has one step on {@code backend}, one approval, and a counting
 * notifier. Requesters {@code U0000000}… are in the directory with {@code db-user} {@code perf_u<n
 * mod dbUsers>}.
 */
final class DurableWorld {
  static final ResourceId APP = new ResourceId("app");
  static final RoleName USE = new RoleName("use");
  static final UserId OWNER = new UserId("UOWNER");
  static final String ROLE = "perf_use";

  final ScratchDb db;
  final Clock clock = Clock.systemUTC();
  final Policy policy;
  final InMemoryDirectory directory = new InMemoryDirectory();
  final JdbcRequestStore store;
  final JdbcAuditLog audit;
  final JdbcScheduler scheduler;
  final JdbcTransactions transactions;
  final LongAdder notifications = new LongAdder();
  final GrantBackend backend;

  /**
   * With db-scheduler timers on {@code clock} (serve's defaults) that write through the same
   * transactions as the store and audit log: a scheduler on the bare pool would take a second
   * connection inside every state change's transaction, and with every thread doing so the pool
   * runs dry (revocations 30 s late, the pool's connection timeout).
   */
  DurableWorld(ScratchDb db, GrantBackend backend, int users, int dbUsers, Clock clock) {
    this(db, new JdbcTransactions(db.pool), backend, users, dbUsers, clock);
  }

  private DurableWorld(
      ScratchDb db,
      JdbcTransactions transactions,
      GrantBackend backend,
      int users,
      int dbUsers,
      Clock clock) {
    this(
        db,
        transactions,
        backend,
        users,
        dbUsers,
        new JdbcScheduler(transactions.dataSource(), clock));
  }

  /**
   * With {@code transactions}, whose data source the scheduler should use too, so a state change
   * commits once; {@code -Djit.perf.transactions=false} commits each write alone (as before).
   */
  DurableWorld(
      ScratchDb db,
      JdbcTransactions transactions,
      GrantBackend backend,
      int users,
      int dbUsers,
      JdbcScheduler scheduler) {
    this.db = db;
    this.backend = backend;
    this.policy = PolicyLoader.parse(policy(backend.type()), "perf-policy.yaml");
    this.transactions = transactions;
    this.store = new JdbcRequestStore(transactions.dataSource());
    this.audit = new JdbcAuditLog(transactions.dataSource());
    this.scheduler = scheduler;
    directory.user(OWNER, Map.of("db-user", "perf_owner"));
    for (int i = 0; i < users; i++) {
      directory.user(user(i), Map.of("db-user", dbUser(i % Math.max(1, dbUsers))));
    }
  }

  /**
   * The transitions scenario's world on {@code pool} (the scratch database's, or one in front of
   * it): one transaction per state change, db-scheduler timers polling every 500 ms with 4 threads,
   * a no-op backend, {@code users} requesters each with a database user of their own.
   */
  static DurableWorld noop(ScratchDb db, DataSource pool, int users) {
    JdbcTransactions transactions = new JdbcTransactions(pool);
    JdbcScheduler scheduler =
        new JdbcScheduler(
            transactions.dataSource(),
            Clock.systemUTC(),
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            4);
    return new DurableWorld(db, transactions, new HoldingBackend("noop"), users, users, scheduler);
  }

  static UserId user(int i) {
    return new UserId(String.format("U%07d", i));
  }

  static String dbUser(int i) {
    return String.format("perf_u%05d", i);
  }

  static String policy(String backendType) {
    return """
        admins: [UOWNER]
        resources:
          app:
            owners:
              users: [UOWNER]
            requiredApprovals: 1
            approvalTimeout: 30m
            maxDuration: 24h
            requesters:
              everyone: true
            roles:
              use:
                steps:
                  - backend: %s
                    principal: db-user
                    target: { role: %s }
        """
        .formatted(backendType, ROLE);
  }

  JitEngine engine() {
    return engine(clock);
  }

  /** An engine on {@code clock} (the scheduler's must be the same). */
  JitEngine engine(Clock clock) {
    Notifier counting = (Notification n) -> notifications.increment();
    return JitEngine.builder()
        .policy(policy)
        .store(store)
        .auditLog(audit)
        .scheduler(scheduler)
        .owners(new PolicyOwnerResolver(policy))
        .directory(directory)
        .backend(backend)
        .transactions(
            Boolean.parseBoolean(System.getProperty("jit.perf.transactions", "true"))
                ? transactions
                : Transactions.NONE)
        .notifier(counting)
        .clock(clock)
        .settings(EngineSettings.defaults().withBackendRetries(1, Duration.ofMillis(1)))
        .build();
  }

  static IdempotencyKey key() {
    return new IdempotencyKey("k-" + UUID.randomUUID());
  }

  /** Submit, approve (grants on this thread), revoke early: the life of a request, durably. */
  static void lifecycle(JitEngine engine, UserId requester) {
    Outcome submitted =
        engine.handle(
            new Command.Submit(
                requester,
                APP,
                USE,
                Duration.ofHours(1),
                "Investigating incident INC-42 in payments",
                "INC-42",
                key()));
    RequestId id = submitted.requireRequest().id();
    Outcome granted = engine.handle(new Command.Approve(id, OWNER, key()));
    if (granted.requireRequest().status() != RequestStatus.ACTIVE) {
      throw new IllegalStateException("not granted: " + granted);
    }
    Outcome revoked = engine.handle(new Command.Revoke(id, requester, key()));
    if (!revoked.requireRequest().status().isTerminal()) {
      throw new IllegalStateException("not revoked: " + revoked);
    }
  }
}
