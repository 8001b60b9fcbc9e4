package dev.jit.okta;

import static dev.jit.okta.OktaWorld.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.Match;
import dev.jit.spi.BackendException;
import dev.jit.spi.GrantCheck;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Network and server failures are retryable, and a retry after them lands the grant once. */
class OktaFaultsTest {
  private final OktaWorld world = new OktaWorld();
  private final String alice = world.okta.addUser("alice@example.com");
  private final String group = world.managed.get(0);
  private final OktaGroupBackend backend =
      world.backend(world.config(c -> put(c, "requestTimeout", Duration.ofMillis(500))));

  @AfterEach
  void stop() {
    backend.close();
    world.close();
  }

  private void assertRetryable(String says) {
    assertThatThrownBy(() -> backend.grant(OktaWorld.grant(group, "alice@example.com")))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains(says);
            });
    backend.grant(OktaWorld.grant(group, "alice@example.com"));
    assertThat(backend.check(OktaWorld.grant(group, "alice@example.com")))
        .isEqualTo(GrantCheck.HELD);
    assertThat(world.okta.memberIds(group)).containsExactly(alice);
  }

  @Test
  @DisplayName("a next-page link to another host is not followed: the token never leaves the org")
  void foreignNextLink() {
    world
        .okta
        .server()
        .faults()
        .respondNext(
            Match.pathStartsWith("/api/v1/groups/"),
            1,
            FakeResponse.json(200, "[]")
                .withHeader(
                    "Link",
                    "<https://attacker.example/api/v1/groups/x/users?after=1>; rel=\"next\""));

    assertThatThrownBy(backend::holdings)
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("leaves the org");
            });
  }

  @Test
  @DisplayName("a dropped connection")
  void dropped() {
    world.okta.server().faults().dropNext(Match.method("PUT"), 1);
    assertRetryable("the call to Okta failed");
  }

  @Test
  @DisplayName("an answer slower than requestTimeout")
  void slow() {
    world.okta.server().faults().delayNext(Match.method("PUT"), 1, Duration.ofSeconds(2));
    assertRetryable("did not answer in time");
  }

  @Test
  @DisplayName("a 500 from the API and a 503 from the token endpoint")
  void serverErrors() {
    world.okta.server().faults().respondNext(Match.method("PUT"), 1, FakeResponse.empty(500));
    assertRetryable("answered 500");
    backend.close();
    try (OktaGroupBackend fresh = world.backend()) {
      world
          .okta
          .server()
          .faults()
          .respondNext(Match.path("/oauth2/v1/token"), 1, FakeResponse.empty(503));
      assertThatThrownBy(() -> fresh.check(OktaWorld.grant(group, "alice@example.com")))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }
}
