package dev.jit.okta;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.JitEngine;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.Map;

/**
 * The shared {@link EngineWorld} with one backend, an {@code okta-group} instance over the fake
 * Okta: one resource, one role, one step (membership of {@link OktaWorld#PAYMENTS}). Make the
 * {@link OktaWorld} on {@link #world}'s clock so engine and fake share one time.
 */
final class OktaEngine {
  static final UserId REQUESTER = new UserId("UALICE");
  static final UserId OWNER = new UserId("UOWNER");
  static final String POLICY =
      """
      admins: [UOWNER]
      resources:
        payments:
          description: Payments console
          owners:
            users: [UOWNER]
          requiredApprovals: 1
          approvalTimeout: 30m
          maxDuration: 4h
          requesters:
            everyone: true
          roles:
            operator:
              steps:
                - backend: okta-prod
                  principal: okta-login
                  target: { groupId: %s }
      """
          .formatted(OktaWorld.PAYMENTS);

  final EngineWorld world;
  final JitEngine engine;

  /** A new engine world; its clock is the one to give the {@link OktaWorld}. */
  static EngineWorld world(String requesterLogin) {
    EngineWorld w = new EngineWorld(POLICY);
    w.person(REQUESTER, Map.of("okta-login", requesterLogin));
    w.person(OWNER, Map.of("okta-login", "owner@example.com"));
    w.settings =
        EngineSettings.defaults()
            .withBackendRetries(2, Duration.ofMillis(1))
            .withScheduledRetries(Duration.ofSeconds(30), Duration.ofMinutes(5), 5)
            .withPolling(30, Duration.ofSeconds(1));
    return w;
  }

  OktaEngine(EngineWorld world, OktaGroupBackend backend) {
    this.world = world;
    this.engine = world.parts().backend(backend).build();
  }

  /** Submits and approves a one-hour request; answers its id. */
  RequestId approved() {
    RequestId id =
        engine
            .handle(
                new Command.Submit(
                    REQUESTER,
                    new ResourceId("payments"),
                    new RoleName("operator"),
                    Duration.ofHours(1),
                    "Investigating incident INC-7 in payments",
                    "INC-7",
                    world.key()))
            .requireRequest()
            .id();
    engine.handle(new Command.Approve(id, OWNER, world.key()));
    return id;
  }

  void advance(Duration d) {
    world.advance(d, engine);
  }

  AccessRequest load(RequestId id) {
    return world.load(id);
  }
}
