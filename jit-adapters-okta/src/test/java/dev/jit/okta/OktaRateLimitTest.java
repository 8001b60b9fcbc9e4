package dev.jit.okta;

import static dev.jit.okta.OktaWorld.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.http.testkit.Match;
import dev.jit.http.testkit.RecordedExchange;
import dev.jit.http.testkit.RecordedRequest;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Okta's rate limits are shared with every integration of the org: jit must stay quiet. */
class OktaRateLimitTest {
  private OktaWorld world = new OktaWorld();

  @AfterEach
  void stop() {
    world.close();
  }

  private static boolean api(RecordedRequest r) {
    return r.path().startsWith("/api/");
  }

  @Test
  @DisplayName("a 429 storm: no call before the reset time, and the grant completes afterwards")
  void storm() {
    world.close();
    EngineWorld engineWorld = OktaEngine.world("alice@example.com");
    world = new OktaWorld(engineWorld.clock);
    String alice = world.okta.addUser("alice@example.com");
    try (OktaGroupBackend backend = world.backend()) {
      OktaEngine f = new OktaEngine(engineWorld, backend);
      Instant reset = world.clock.instant().plusSeconds(45);
      world.okta.exhaustRateLimit("users", reset);

      RequestId id = f.approved();

      assertThat(f.load(id).status()).isEqualTo(RequestStatus.APPROVED);
      for (int i = 0; i < 90 && f.load(id).status() != RequestStatus.ACTIVE; i++) {
        f.advance(Duration.ofSeconds(1));
      }

      assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
      assertThat(world.okta.memberIds(world.managed.get(0))).containsExactly(alice);
      assertThat(
              world.okta.server().exchanges().stream()
                  .filter(e -> api(e.request()) && e.request().receivedAt().isBefore(reset)))
          .as("API calls before the reset")
          .singleElement()
          .extracting(RecordedExchange::status)
          .isEqualTo(429);
      assertThat(f.load(id).reason()).isEmpty();
    }
  }

  @Test
  @DisplayName("calls stop while fewer than the reserve are left, before Okta ever answers 429")
  void reserve() {
    world.close();
    world = new OktaWorld(b -> b.rateLimit(10));
    String[] logins = new String[12];
    for (int i = 0; i < logins.length; i++) {
      logins[i] = "user" + i + "@example.com";
      world.okta.addUser(logins[i]);
    }
    String group = world.managed.get(0);
    try (OktaGroupBackend backend = world.backend()) {
      for (String login : logins) {
        backend.grant(OktaWorld.grant(group, login));
      }

      assertThat(world.okta.server().exchanges()).noneMatch(e -> e.status() == 429);
      assertThat(world.okta.count(Match.pathStartsWith("/api/v1/users/")))
          .as("lookups: the limit (10) minus the 20 % reserve")
          .isEqualTo(8);
      assertThat(backend.check(OktaWorld.grant(group, logins[11]))).isEqualTo(GrantCheck.PENDING);

      world.clock.advance(Duration.ofMinutes(1));

      for (String login : logins) {
        GrantCheck check = backend.check(OktaWorld.grant(group, login));
        for (int i = 0; i < 10 && check == GrantCheck.PENDING; i++) {
          world.clock.advance(Duration.ofMinutes(1)); // as the engine's timers would
          check = backend.check(OktaWorld.grant(group, login));
        }
        assertThat(check).isEqualTo(GrantCheck.HELD);
      }
      assertThat(world.okta.server().exchanges()).noneMatch(e -> e.status() == 429);
      assertThat(world.okta.memberLogins(group)).containsExactlyInAnyOrder(logins);
    }
  }

  @Test
  @DisplayName("a revoke under a 429 fails retryably without a call, for the engine to retry")
  void revokeIsRetryable() {
    world.okta.addUser("alice@example.com");
    String group = world.managed.get(0);
    try (OktaGroupBackend backend = world.backend()) {
      backend.grant(OktaWorld.grant(group, "alice@example.com"));
      world.okta.exhaustRateLimit("groups", world.clock.instant().plusSeconds(30));
      int before = world.okta.calls();
      AtomicReference<RuntimeException> first = new AtomicReference<>();
      try {
        backend.revoke(OktaWorld.grant(group, "alice@example.com"));
      } catch (RuntimeException e) {
        first.set(e);
      }
      int after429 = world.okta.calls();

      assertThat(first.get())
          .isInstanceOfSatisfying(
              dev.jit.spi.BackendException.class, e -> assertThat(e.retryable()).isTrue());
      assertThat(after429 - before).as("one call, answered 429").isEqualTo(1);
      try {
        backend.revoke(OktaWorld.grant(group, "alice@example.com"));
      } catch (RuntimeException e) {
        assertThat(e.getMessage()).contains("no call before");
      }
      assertThat(world.okta.calls()).as("nothing sent before the reset").isEqualTo(after429);

      world.clock.advance(Duration.ofSeconds(30));
      backend.revoke(OktaWorld.grant(group, "alice@example.com"));

      assertThat(world.okta.memberIds(group)).isEmpty();
    }
  }

  @Test
  @DisplayName("at most maxConcurrentCalls are in flight: a second call waits for the first")
  void concurrency() throws Exception {
    world.okta.addUser("alice@example.com");
    world.okta.addUser("bob@example.com");
    String group = world.managed.get(0);
    try (OktaGroupBackend backend =
        world.backend(world.config(c -> put(c, "maxConcurrentCalls", 1)))) {
      backend.grant(OktaWorld.grant(group, "alice@example.com")); // token fetched
      world.okta.server().clearRequests();
      world.okta.server().faults().delayNext(Match.method("PUT"), 1, Duration.ofSeconds(2));
      CompletableFuture<Void> bob =
          CompletableFuture.runAsync(
              () -> backend.grant(OktaWorld.grant(group, "bob@example.com")));
      world.okta.server().awaitRequest(Match.method("PUT"), Duration.ofSeconds(5));
      int before = world.okta.calls();
      AtomicReference<Thread> waiter = new AtomicReference<>();
      CompletableFuture<GrantCheck> check =
          CompletableFuture.supplyAsync(
              () -> {
                waiter.set(Thread.currentThread());
                return backend.check(OktaWorld.grant(group, "alice@example.com"));
              });

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> waiter.get() != null && waitsForPermit(waiter.get()));
      assertThat(world.okta.calls()).as("no second call while one is in flight").isEqualTo(before);

      bob.get();
      assertThat(check.get()).isEqualTo(GrantCheck.HELD);
    }
  }

  private static boolean waitsForPermit(Thread t) {
    return Arrays.stream(t.getStackTrace())
        .anyMatch(
            e ->
                e.getClassName().equals("java.util.concurrent.Semaphore")
                    && e.getMethodName().equals("tryAcquire"));
  }
}
