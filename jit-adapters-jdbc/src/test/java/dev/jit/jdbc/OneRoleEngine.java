package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.Map;

/**
 * A whole engine on in-memory parts whose policy has one role granting one database role to one
 * requester, to drive a {@link DatabaseRoleBackend} as production does: approve, reconcile, expire.
 */
final class OneRoleEngine {
  private static final UserId REQUESTER = new UserId("UREQ");
  private static final UserId OWNER = new UserId("UOWNER");
  private static final ResourceId DB = new ResourceId("payments-db");

  final MutableClock clock;
  final JitEngine jit;
  private final EngineWorld world;
  private final GrantBackend backend;

  OneRoleEngine(GrantBackend backend, String role, String dbUser) {
    this.backend = backend;
    world =
        new EngineWorld(
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
                    .formatted(backend.type(), role))
            .person(REQUESTER, Map.of("db-user", dbUser))
            .person(OWNER, Map.of());
    clock = world.clock;
    jit =
        world
            .parts()
            .backend(backend)
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
                    world.key()))
            .requireRequest()
            .id();
    jit.handle(world.approve(id, OWNER));
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
}
