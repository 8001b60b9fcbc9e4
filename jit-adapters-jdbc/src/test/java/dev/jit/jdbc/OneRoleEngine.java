package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.core.memory.InMemoryScheduler;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.PolicyOwnerResolver;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole engine on in-memory parts whose policy has one role granting one database role to one
 * requester, to drive a {@link DatabaseRoleBackend} as production does: approve, reconcile, expire.
 */
final class OneRoleEngine {
  private static final UserId REQUESTER = new UserId("UREQ");
  private static final UserId OWNER = new UserId("UOWNER");
  private static final ResourceId DB = new ResourceId("payments-db");

  final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T09:00:00Z"));
  final JitEngine jit;
  private final GrantBackend backend;
  private final AtomicInteger keys = new AtomicInteger();

  OneRoleEngine(GrantBackend backend, String role, String dbUser) {
    this.backend = backend;
    Policy policy =
        PolicyLoader.parse(
            """
            resources:
              payments-db:
                owners: { users: [UOWNER] }
                requiredApprovals: 1
                approvalTimeout: 30m
                maxDuration: 4h
                requesters: { everyone: true }
                roles:
                  read:
                    steps:
                      - { backend: %s, principal: db-user, target: { role: %s } }
            """
                .formatted(backend.type(), role),
            "policy.yaml");
    InMemoryDirectory directory =
        new InMemoryDirectory().user(REQUESTER, Map.of("db-user", dbUser)).user(OWNER, Map.of());
    jit =
        JitEngine.builder()
            .policy(policy)
            .store(new InMemoryRequestStore())
            .auditLog(new InMemoryAuditLog())
            .scheduler(new InMemoryScheduler(clock))
            .owners(new PolicyOwnerResolver(policy))
            .directory(directory)
            .backend(backend)
            .notifier(new RecordingNotifier())
            .clock(clock)
            .settings(EngineSettings.defaults().withBackendRetries(3, Duration.ofMillis(5)))
            .build();
  }

  /** Submits and approves a request for an hour; asserts it is active and its role held. */
  RequestId activeRequest() {
    RequestId id =
        jit.handle(
                new Command.Submit(
                    REQUESTER,
                    DB,
                    new RoleName("read"),
                    Duration.ofHours(1),
                    "Investigating incident INC-42 in payments",
                    "",
                    key()))
            .requireRequest()
            .id();
    jit.handle(new Command.Approve(id, OWNER, key()));
    AccessRequest r = jit.find(id).orElseThrow();
    assertThat(r.status()).as("status after approval").isEqualTo(RequestStatus.ACTIVE);
    assertThat(check(r)).as("check after approval").isEqualTo(GrantCheck.HELD);
    return id;
  }

  /** Lets the request run out and sweeps; asserts it expired and its role is gone. */
  void expire(RequestId id) {
    clock.advance(Duration.ofHours(1));
    jit.sweep();
    AccessRequest r = jit.find(id).orElseThrow();
    assertThat(r.status()).as("status after expiry").isEqualTo(RequestStatus.EXPIRED);
    assertThat(check(r)).as("check after expiry").isEqualTo(GrantCheck.ABSENT);
  }

  private GrantCheck check(AccessRequest r) {
    GrantStep step = r.steps().get(0);
    return backend.check(new Grant(r.id(), step, clock.instant()));
  }

  private IdempotencyKey key() {
    return new IdempotencyKey("k-" + keys.incrementAndGet());
  }
}
