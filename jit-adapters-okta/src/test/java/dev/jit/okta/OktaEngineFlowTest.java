package dev.jit.okta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.http.testkit.Match;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole request lifecycle over the fake Okta, and the access token's lifetime within it. */
class OktaEngineFlowTest {
  private final EngineWorld engineWorld = OktaEngine.world("Alice@Example.com");
  private final OktaWorld world = new OktaWorld(engineWorld.clock);
  private final String alice = world.okta.addUser("alice@example.com");
  private final OktaGroupBackend backend = world.backend();
  private final String group = world.managed.get(0);

  @AfterEach
  void stop() {
    backend.close();
    world.close();
  }

  @Test
  @DisplayName(
      "approved: a member for the hour, spelled as the directory does not; expired: removed")
  void lifecycle() {
    OktaEngine f = new OktaEngine(engineWorld, backend);

    RequestId id = f.approved();

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    assertThat(world.okta.memberIds(group)).containsExactly(alice);
    GrantStep step = f.load(id).steps().get(0);
    assertThat(step.principal()).isEqualTo("alice@example.com");
    assertThat(backend.holdings().orElseThrow()).containsExactly(step);
    assertThat(f.engine.reconcile().revoked()).as("an exact holding is not drift").isEmpty();

    f.advance(Duration.ofHours(1));

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(world.okta.memberIds(group)).isEmpty();
    assertThat(world.okta.count(Match.pathStartsWith("/api/v1/users?"))).as("no search").isZero();
    assertThat(world.okta.server().requests())
        .noneMatch(r -> r.queryParam("search").isPresent() || r.queryParam("q").isPresent());
  }

  @Test
  @DisplayName("a token expiring mid-run is fetched again exactly once by eight concurrent grants")
  void tokenRefreshedOnceUnderConcurrency() throws Exception {
    List<String> logins = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      logins.add("user" + i + "@example.com");
      world.okta.addUser(logins.get(i));
    }
    backend.grant(OktaWorld.grant(group, "alice@example.com"));
    int issued = world.okta.tokensIssued();
    world.clock.advance(Duration.ofMinutes(59)); // within tokenRefreshBefore of the hour

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (String login : logins) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  backend.grant(OktaWorld.grant(group, login));
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(world.okta.tokensIssued()).isEqualTo(issued + 1);
    assertThat(world.okta.memberLogins(group)).containsAll(logins);
  }

  @Test
  @DisplayName("a token past its hour is refused by Okta; the next call refreshes and goes through")
  void tokenPastItsHour() {
    OktaEngine f = new OktaEngine(engineWorld, backend);
    RequestId id = f.approved();
    int issued = world.okta.tokensIssued();

    f.advance(Duration.ofHours(1));

    assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(world.okta.memberIds(group)).isEmpty();
    assertThat(world.okta.tokensIssued()).isEqualTo(issued + 1);
    assertThat(backend.holdings().orElseThrow()).isEmpty();
    assertThat(backend.check(OktaWorld.grant(group, "alice@example.com")))
        .isEqualTo(dev.jit.spi.GrantCheck.ABSENT);
  }
}
