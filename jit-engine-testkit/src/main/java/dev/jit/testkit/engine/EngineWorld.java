package dev.jit.testkit.engine;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.JitEngineBuilder;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.core.memory.InMemoryOutbox;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditLog;
import dev.jit.spi.GroupId;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStore;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One engine world for tests: a policy with three backends, people, in-memory stores shared by any
 * number of engines, and a clock the test moves. The fields are the parts, public so a test can
 * reach into any of them; {@link #parts} wires everything but the backends, for a test that brings
 * its own (a real adapter against its fake, say). Not thread-safe itself; the engines it builds
 * are.
 */
public final class EngineWorld {
  public static final UserId REQUESTER = new UserId("UREQ");
  public static final UserId OWNER1 = new UserId("UO1");
  public static final UserId OWNER2 = new UserId("UO2");
  public static final UserId OWNER3 = new UserId("UO3");
  public static final UserId DEV = new UserId("UDEV");
  public static final UserId ADMIN = new UserId("UADMIN");
  public static final UserId STRANGER = new UserId("USTRANGER");

  /** The one member of {@code SONCALL}, the on-call group that approves break-glass on staging. */
  public static final UserId ONCALL = new UserId("UONCALL");

  public static final ResourceId PROD = new ResourceId("prod-db");
  public static final ResourceId STAGING = new ResourceId("staging");
  public static final RoleName READ = new RoleName("read");
  public static final RoleName WRITE = new RoleName("write");
  public static final String JUSTIFICATION = "Investigating incident INC-42 in payments";

  public static final String POLICY =
      """
      admins: [UADMIN]
      resources:
        prod-db:
          description: Production payments database
          owners:
            users: [UO1, UO2, UO3]
          requiredApprovals: 2
          approvalTimeout: 30m
          maxDuration: 4h
          durations: [15m, 1h, 4h]
          extensionApprovals: 1
          requesters:
            everyone: true
          roles:
            read:
              steps:
                - backend: okta-group
                  principal: okta-login
                  target: { groupId: 00g-payments }
                - backend: db-role
                  principal: db-user
                  target: { role: payments_read }
                - backend: k8s-rbac
                  principal: email
                  target: { namespace: payments, clusterRole: view }
            write:
              breakGlass:
                users: [UREQ]
                groups: [SDEV]
                maxDuration: 1h
                announce: C0SECURITY
                reviewWithin: 24h
                escalateEvery: 4h
              steps:
                - backend: okta-group
                  principal: okta-login
                  target: { groupId: 00g-payments }
                - backend: db-role
                  principal: db-user
                  target: { role: payments_write }
        staging:
          owners:
            users: [UO1]
            groups: [SDEV]
          requiredApprovals: 1
          approvalTimeout: 2h
          maxDuration: 8h
          requesters:
            users: [UREQ, UO1]
          roles:
            read:
              breakGlass:
                users: [UREQ]
                maxDuration: 2h
                announce: C0SECURITY
                reviewWithin: 8h
                onCall: SONCALL
              steps:
                - backend: db-role
                  principal: db-user
                  target: { role: staging_read }
      """;

  public final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T09:00:00Z"));
  public final Policy policy;
  public final InMemoryRequestStore store = new InMemoryRequestStore();
  public final InMemoryAuditLog audit = new InMemoryAuditLog();
  public final InMemoryScheduler scheduler = new InMemoryScheduler(clock);
  public final InMemoryDirectory directory = new InMemoryDirectory();
  public final InMemoryGrantBackend okta = new InMemoryGrantBackend("okta-group");
  public final InMemoryGrantBackend db = new InMemoryGrantBackend("db-role");
  public final InMemoryGrantBackend k8s = new InMemoryGrantBackend("k8s-rbac");
  public final RecordingNotifier notifier = new RecordingNotifier();
  public final InMemoryOutbox outbox = new InMemoryOutbox();
  public EngineSettings settings =
      EngineSettings.defaults()
          .withBackendRetries(3, Duration.ofMillis(1))
          .withScheduledRetries(Duration.ofSeconds(30), Duration.ofMinutes(5), 3);
  private final AtomicLong keys = new AtomicLong();

  /**
   * The world of {@link #POLICY}, with its people: requester, three owners, a developer, an admin,
   * a stranger and the on-call engineer.
   */
  public EngineWorld() {
    this(POLICY);
    for (UserId u : List.of(REQUESTER, OWNER1, OWNER2, OWNER3, DEV, ADMIN, STRANGER, ONCALL)) {
      person(u);
    }
    directory.group(new GroupId("SDEV"), Set.of(DEV));
    directory.group(new GroupId("SONCALL"), Set.of(ONCALL));
  }

  /**
   * A world of another policy, with nobody in its directory yet (add them with {@link #person}).
   */
  public EngineWorld(String policyYaml) {
    this.policy = PolicyLoader.parse(policyYaml, "test-policy.yaml");
  }

  /**
   * Adds {@code user} to the directory, active, with identities derived from the id: {@code
   * okta-login} and {@code email} {@code <id>@example.com}, {@code db-user} {@code <id>}, lower
   * case.
   */
  public EngineWorld person(UserId user) {
    String name = user.value().toLowerCase(Locale.ROOT);
    directory.user(
        user,
        Map.of(
            "okta-login", name + "@example.com",
            "db-user", name,
            "email", name + "@example.com"));
    return this;
  }

  /** Adds {@code user} to the directory, active, with exactly these identities. */
  public EngineWorld person(UserId user, Map<String, String> identities) {
    directory.user(user, identities);
    return this;
  }

  /** Everything but the backends, on this world's own store and audit log. */
  public JitEngineBuilder parts() {
    return parts(store, audit);
  }

  public JitEngine engine() {
    return parts(store, audit).backend(okta).backend(db).backend(k8s).build();
  }

  /** Everything but the backends, wired to this fixture's parts; tests override what they need. */
  public JitEngineBuilder parts(RequestStore store, AuditLog audit) {
    return JitEngine.builder()
        .policy(policy)
        .store(store)
        .auditLog(audit)
        .scheduler(scheduler)
        .owners(new PolicyOwnerResolver(policy))
        .directory(directory)
        .notifier(notifier)
        .outbox(outbox)
        .clock(clock)
        .settings(settings);
  }

  public IdempotencyKey key() {
    return new IdempotencyKey("k-" + keys.incrementAndGet());
  }

  public Command.Submit submitProd() {
    return submitProd(REQUESTER);
  }

  /** {@code requester} asking for prod's read role for an hour. */
  public Command.Submit submitProd(UserId requester) {
    return new Command.Submit(
        requester, PROD, READ, Duration.ofHours(1), JUSTIFICATION, "INC-42", key());
  }

  /**
   * The same requester asking for the write role on prod, which shares its first step with read.
   */
  public Command.Submit submitProdWrite(Duration duration) {
    return new Command.Submit(REQUESTER, PROD, WRITE, duration, JUSTIFICATION, "", key());
  }

  /** Break-glass on prod's write role (granted at once, reviewed within 24h). */
  public Command.InvokeBreakGlass breakGlassProd(UserId who, Duration duration) {
    return new Command.InvokeBreakGlass(
        who,
        PROD,
        WRITE,
        duration,
        "INC-77: payments writes failing, fixing a stuck row",
        "INC-77",
        key());
  }

  public Command.Approve approve(RequestId id, UserId approver) {
    return new Command.Approve(id, approver, key());
  }

  /** Moves the clock and delivers every timer that is due, as the scheduler's thread would. */
  public void advance(Duration d, JitEngine engine) {
    clock.advance(d);
    for (int i = 0; i < 100 && deliverDue(engine) > 0; i++) {
      // timers may schedule timers that are already due (retries); deliver until quiet
    }
  }

  public int deliverDue(JitEngine engine) {
    return scheduler.runDue(engine::onTimer);
  }

  public AccessRequest load(RequestId id) {
    return store.find(id).orElseThrow();
  }

  public List<String> actions(RequestId id) {
    return audit.forRequest(id, 0).stream().map(r -> r.entry().action()).toList();
  }

  /** Fails with the verifier's finding unless the audit chain is intact. */
  public void assertAuditIntact() {
    AuditVerifier.Result result = AuditVerifier.verify(audit);
    if (!result.intact()) {
      throw new AssertionError("audit chain broken: " + result);
    }
  }

  public boolean nothingHeld() {
    return okta.holdings().orElseThrow().isEmpty()
        && db.holdings().orElseThrow().isEmpty()
        && k8s.holdings().orElseThrow().isEmpty();
  }
}
