package dev.jit.okta;

import static dev.jit.okta.OktaWorld.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.Match;
import dev.jit.http.testkit.RecordedRequest;
import dev.jit.okta.testkit.FakeOkta;
import dev.jit.spi.BackendException;
import dev.jit.spi.GrantCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Authentication at the org authorization server: what a misconfigured service app looks like to an
 * operator, and that no secret reaches a message.
 */
class OktaAuthTest {
  private final OktaWorld world = new OktaWorld();
  private final String alice = world.okta.addUser("alice@example.com");
  private final String group = world.managed.get(0);

  @AfterEach
  void stop() {
    world.close();
  }

  private void assertFails(OktaGroupBackend backend, boolean retryable, String... says) {
    ThrowingCallable grant = () -> backend.grant(OktaWorld.grant(group, "alice@example.com"));
    assertThatThrownBy(grant)
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retryable()).as("retryable: " + e.getMessage()).isEqualTo(retryable);
              assertThat(e.getMessage()).contains(says);
              assertNoSecret(e.getMessage());
            });
    assertThat(world.okta.memberIds(group)).doesNotContain(alice);
  }

  /** No private key, client assertion, DPoP proof or access token in a message. */
  private void assertNoSecret(String message) {
    String privatePart = world.key.getPrivateExponent().toString();
    assertThat(message).doesNotContain(privatePart).doesNotContain("eyJ");
    for (RecordedRequest r : world.okta.server().requests()) {
      r.formParam("client_assertion").ifPresent(a -> assertThat(message).doesNotContain(a));
      r.header("Authorization")
          .ifPresent(a -> assertThat(message).doesNotContain(a.substring(a.indexOf(' ') + 1)));
    }
  }

  @Test
  @DisplayName(
      "the nonce dance: the first token request is answered use_dpop_nonce, the second succeeds")
  void nonceDance() throws Exception {
    try (OktaGroupBackend backend = world.backend()) {
      backend.grant(OktaWorld.grant(group, "alice@example.com"));

      List<RecordedRequest> tokenCalls =
          world.okta.server().requests(Match.path("/oauth2/v1/token"));
      assertThat(tokenCalls).hasSize(2);
      assertThat(world.okta.server().exchanges().get(0).response().orElseThrow().bodyText())
          .contains("use_dpop_nonce");
      assertThat(tokenCalls.get(1).formParam("scope"))
          .contains("okta.groups.manage okta.users.read");
      com.nimbusds.jwt.JWTClaimsSet assertion =
          com.nimbusds.jwt.SignedJWT.parse(
                  tokenCalls.get(1).formParam("client_assertion").orElseThrow())
              .getJWTClaimsSet();
      assertThat(assertion.getIssuer()).isEqualTo(OktaWorld.CLIENT_ID);
      assertThat(assertion.getSubject()).isEqualTo(OktaWorld.CLIENT_ID);
      assertThat(assertion.getAudience()).containsExactly(world.okta.tokenUrl());
      assertThat(Duration.between(world.clock.instant(), assertion.getExpirationTime().toInstant()))
          .isPositive()
          .isLessThanOrEqualTo(Duration.ofMinutes(5));
      assertThat(
              com.nimbusds.jwt.SignedJWT.parse(
                      tokenCalls.get(0).formParam("client_assertion").orElseThrow())
                  .getJWTClaimsSet()
                  .getJWTID())
          .as("a new jti for the second request")
          .isNotEqualTo(assertion.getJWTID());
      assertThat(world.okta.memberIds(group)).contains(alice);
      RecordedRequest put = world.okta.server().lastRequest(Match.method("PUT")).orElseThrow();
      assertThat(put.header("Authorization").orElseThrow()).startsWith("DPoP ");
      assertThat(put.header("DPoP")).isPresent();
    }
  }

  @Test
  @DisplayName("API calls that demand a DPoP nonce are repeated once with it")
  void apiNonce() {
    world.okta.apiNonceRequired(true);
    try (OktaGroupBackend backend = world.backend()) {
      backend.grant(OktaWorld.grant(group, "alice@example.com"));

      assertThat(backend.check(OktaWorld.grant(group, "alice@example.com")))
          .isEqualTo(GrantCheck.HELD);
    }
    assertThat(world.okta.memberIds(group)).contains(alice);
    assertThat(world.okta.server().exchanges())
        .filteredOn(e -> e.request().path().startsWith("/api/") && e.status() == 401)
        .as("one nonce challenge, then the nonce is sent on every call")
        .hasSize(1);
  }

  @Test
  @DisplayName("a key the app does not know: permanent, says to check the registered public key")
  void wrongKey() {
    world.env.put(OktaWorld.KEY_ENV, OktaWorld.newKey("jit-key-1").toJSONString());
    try (OktaGroupBackend backend = world.backend()) {
      assertFails(backend, false, "client assertion", "signature is invalid", "public key");
    }
  }

  @Test
  @DisplayName("an assertion expired on arrival (this host's clock is behind): permanent, says NTP")
  void expiredAssertion() {
    world.okta.dpopRequired(false);
    Clock behind = Clock.offset(world.clock, Duration.ofMinutes(-10));
    try (OktaGroupBackend backend =
        world.backend(world.config(c -> put(c, "dpop", false)), behind)) {
      assertFails(backend, false, "client_assertion token is expired", "clock (NTP)");
    }
  }

  @Test
  @DisplayName("with DPoP, the same clock problem shows on the proof's iat: permanent, says NTP")
  void clockBehindWithDpop() {
    Clock behind = Clock.offset(world.clock, Duration.ofMinutes(-10));
    try (OktaGroupBackend backend = world.backend(world.config(), behind)) {
      assertFails(backend, false, "DPoP proof iat", "clock (NTP)");
    }
  }

  @Test
  @DisplayName("the fake refuses a client assertion sent twice")
  void replayRefusedByFake() throws Exception {
    try (OktaGroupBackend backend = world.backend()) {
      backend.grant(OktaWorld.grant(group, "alice@example.com"));
    }
    RecordedRequest sent =
        world.okta.server().lastRequest(Match.path("/oauth2/v1/token")).orElseThrow();
    HttpResponse<String> again =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(world.okta.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("DPoP", sent.header("DPoP").orElseThrow())
                    .POST(HttpRequest.BodyPublishers.ofString(sent.bodyText()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isIn(400, 401);
    assertThat(again.body()).containsAnyOf("already been used", "used before");
  }

  @Test
  @DisplayName(
      "an assertion Okta says it saw before: retryable, and the next attempt signs a new one")
  void replayedJti() {
    world
        .okta
        .server()
        .faults()
        .respondOnNth(
            Match.path("/oauth2/v1/token"),
            2,
            FakeResponse.json(
                401,
                "{\"error\":\"invalid_client\",\"error_description\":\"The client_assertion token"
                    + " has already been used.\"}"));
    try (OktaGroupBackend backend = world.backend()) {
      assertFails(backend, true, "jti", "new one");

      backend.grant(OktaWorld.grant(group, "alice@example.com"));

      assertThat(world.okta.memberIds(group)).contains(alice);
    }
  }

  @Test
  @DisplayName("an app that requires DPoP, with dpop off: permanent, says to set dpop: true")
  void dpopOff() {
    try (OktaGroupBackend backend = world.backend(world.config(c -> put(c, "dpop", false)))) {
      assertFails(backend, false, "requires DPoP", "dpop: true");
    }
  }

  @Test
  @DisplayName("a nonce Okta keeps renewing: retryable, not a configuration error")
  void nonceKeepsChanging() {
    world
        .okta
        .server()
        .faults()
        .respondNext(
            Match.path("/oauth2/v1/token"),
            2,
            FakeResponse.json(
                    400,
                    "{\"error\":\"use_dpop_nonce\",\"error_description\":\"Authorization server"
                        + " requires nonce in DPoP proof.\"}")
                .withHeader("DPoP-Nonce", "n-" + System.nanoTime()));
    try (OktaGroupBackend backend = world.backend()) {
      assertFails(backend, true, "nonce");
    }
  }

  @Test
  @DisplayName("a scope not granted to the app: permanent, names the scopes to grant")
  void scopeNotGranted() {
    world.okta.registerClient(OktaWorld.CLIENT_ID, world.key.toPublicJWK(), FakeOkta.USERS_READ);
    try (OktaGroupBackend backend = world.backend()) {
      assertFails(backend, false, "okta.groups.manage", "Okta API Scopes");
    }
  }

  @Test
  @DisplayName("a call refused for scope or admin role (403 E0000006): permanent, says which")
  void forbidden() {
    world
        .okta
        .server()
        .faults()
        .respondNext(
            Match.method("PUT"),
            1,
            FakeResponse.json(
                    403,
                    "{\"errorCode\":\"E0000006\",\"errorSummary\":\"You do not have permission to"
                        + " perform the requested action\"}")
                .withHeader(
                    "WWW-Authenticate",
                    "Bearer realm=\"IdP\", error=\"insufficient_scope\","
                        + " scope=\"okta.groups.manage\""));
    try (OktaGroupBackend backend = world.backend()) {
      assertFails(backend, false, "E0000006", "okta.groups.manage", "admin role");
    }
  }

  @Test
  @DisplayName("an access token that expired early is replaced once and the call goes through")
  void expiredTokenRefreshedOnce() {
    try (OktaGroupBackend backend = world.backend()) {
      backend.grant(OktaWorld.grant(group, "alice@example.com"));
      int issued = world.okta.tokensIssued();
      world.okta.expireTokens();

      assertThat(backend.check(OktaWorld.grant(group, "alice@example.com")))
          .isEqualTo(GrantCheck.HELD);

      assertThat(world.okta.tokensIssued()).isEqualTo(issued + 1);
    }
  }

  @Test
  @DisplayName("the SSWS fallback authenticates with the token and never asks for an OAuth token")
  void ssws() {
    world.okta.registerSswsToken("00ssws-secret-token");
    world.env.put("OKTA_SSWS", "00ssws-secret-token");
    OktaGroupConfig config =
        world.config(
            c -> {
              c.remove("clientId");
              c.remove("privateKeyEnv");
              c.remove("keyId");
              return put(c, "sswsTokenEnv", "OKTA_SSWS");
            });
    try (OktaGroupBackend backend = world.backend(config)) {
      backend.grant(OktaWorld.grant(group, "alice@example.com"));
    }
    assertThat(world.okta.memberIds(group)).contains(alice);
    assertThat(world.okta.count(Match.path("/oauth2/v1/token"))).isZero();
  }

  @Test
  @DisplayName("a wrong SSWS token: permanent, and the token is not in the message")
  void wrongSsws() {
    world.env.put("OKTA_SSWS", "00ssws-wrong-token");
    OktaGroupConfig config =
        world.config(
            c -> {
              c.remove("clientId");
              c.remove("privateKeyEnv");
              c.remove("keyId");
              return put(c, "sswsTokenEnv", "OKTA_SSWS");
            });
    try (OktaGroupBackend backend = world.backend(config)) {
      assertFails(backend, false, "401", "SSWS");
    }
  }
}
