package dev.jit.okta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.ReconciliationReport;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Okta memberships carry no expiry and no label: what jit manages is the configured groups, and the
 * drift sweep removes from them whatever no request backs. People renamed or deactivated in Okta
 * while they hold access are still removed.
 */
class OktaDriftTest {
  private final EngineWorld engineWorld = OktaEngine.world("alice@example.com");
  private final OktaWorld world = new OktaWorld(engineWorld.clock);
  private final String group = world.managed.get(0);
  private final String alice = world.okta.addUser("alice@example.com");
  private final OktaGroupBackend backend = world.backend();
  private final OktaEngine f = new OktaEngine(engineWorld, backend);

  @AfterEach
  void stop() {
    backend.close();
    world.close();
  }

  @Test
  @DisplayName(
      "the sweep removes unbacked members of managed groups across pages, and keeps the backed one")
  void sweep() {
    RequestId id = f.approved();
    for (int i = 0; i < 4; i++) {
      world.okta.addMember(group, world.okta.addUser("drift" + i + "@example.com"));
    }
    String standing = world.okta.addUser("standing@example.com");
    world.okta.addMember(world.unmanaged, standing);
    world.okta.addMember(world.unmanaged, alice);

    assertThat(backend.holdings().orElseThrow())
        .as("five members, three pages of two")
        .hasSize(5)
        .contains(new GrantStep(OktaWorld.NAME, Map.of("groupId", group), "drift3@example.com"));
    ReconciliationReport report = f.engine.reconcile();

    assertThat(report.revoked()).hasSize(4);
    assertThat(report.failures()).isEmpty();
    assertThat(world.okta.memberIds(group)).containsExactly(alice);
    assertThat(world.okta.memberIds(world.unmanaged)).containsExactlyInAnyOrder(standing, alice);
    assertThat(world.okta.server().requests())
        .as("the unmanaged group is never read or changed")
        .noneMatch(r -> r.path().contains(world.unmanaged));
    assertThat(world.okta.server().requests())
        .as("pages followed")
        .anyMatch(r -> r.path().endsWith("/users") && r.queryParam("after").isPresent());
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
  }

  @Test
  @DisplayName("a user deactivated between grant and revoke is still removed")
  void deactivated() {
    RequestId id = f.approved();
    world.okta.setStatus(alice, "DEPROVISIONED");

    f.advance(Duration.ofHours(1));

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(world.okta.memberIds(group)).isEmpty();
  }

  @Test
  @DisplayName(
      "a user deactivated, revoked by a jit that restarted (no cached id), is still removed")
  void deactivatedAfterRestart() {
    backend.grant(OktaWorld.grant(group, "alice@example.com"));
    world.okta.setStatus(alice, "DEPROVISIONED");

    try (OktaGroupBackend restarted = world.backend()) {
      restarted.revoke(OktaWorld.grant(group, "alice@example.com"));
    }

    assertThat(world.okta.memberIds(group)).isEmpty();
  }

  @Test
  @DisplayName("a user renamed between grant and revoke is removed by the id kept from the grant")
  void renamed() {
    RequestId id = f.approved();
    world.okta.renameUser(alice, "alice.smith@example.com");

    f.advance(Duration.ofHours(1));

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(world.okta.memberIds(group)).isEmpty();
  }

  @Test
  @DisplayName("a user renamed while jit restarted: the revoke finds nothing, the sweep removes it")
  void renamedAfterRestart() {
    RequestId id = f.approved();
    world.okta.renameUser(alice, "alice.smith@example.com");

    try (OktaGroupBackend restarted = world.backend()) {
      OktaEngine after = new OktaEngine(engineWorld, restarted);
      restarted.revoke(OktaWorld.grant(group, "alice@example.com"));
      assertThat(world.okta.memberIds(group)).as("old login no longer resolves").contains(alice);

      after.engine.reconcile();
    }

    assertThat(world.okta.memberIds(group)).isEmpty();
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
  }

  @Test
  @DisplayName("revoking from a deleted user or a deleted group counts as gone")
  void deleted() {
    RequestId id = f.approved();
    world.okta.deleteUser(alice);

    f.advance(Duration.ofHours(1));

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(f.load(id).attempts()).isZero();
  }

  @Test
  @DisplayName("a suspended user is not granted, permanently")
  void suspendedIsNotGranted() {
    world.okta.setStatus(alice, "SUSPENDED");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> backend.grant(OktaWorld.grant(group, "alice@example.com")))
        .isInstanceOfSatisfying(
            dev.jit.spi.BackendException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("SUSPENDED");
            });
    assertThat(world.okta.memberIds(group)).isEmpty();
  }

  @Test
  @DisplayName("a deactivated user is not granted: the request fails and says why")
  void deactivatedIsNotGranted() {
    world.okta.setStatus(alice, "DEPROVISIONED");

    RequestId id = f.approved();

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ROLLED_BACK);
    assertThat(f.load(id).reason()).contains("DEPROVISIONED");
    assertThat(world.okta.memberIds(group)).isEmpty();
  }
}
