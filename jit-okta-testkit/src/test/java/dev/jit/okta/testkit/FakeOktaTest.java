package dev.jit.okta.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fake refuses what Okta refuses; each test sends one thing Okta would not accept. */
class FakeOktaTest {
  private final FakeOkta okta = FakeOkta.builder().start();
  private final RSAKey key = generate();
  private final HttpClient http = HttpClient.newHttpClient();

  FakeOktaTest() {
    okta.registerClient("0oa1", key.toPublicJWK(), FakeOkta.GROUPS_MANAGE, FakeOkta.USERS_READ);
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String assertion(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer("0oa1")
            .subject("0oa1")
            .audience(okta.tokenUrl())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .jwtID(UUID.randomUUID().toString());
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), change.apply(claims).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private HttpResponse<String> token(String assertion, String scope) throws Exception {
    String form =
        "grant_type=client_credentials&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8)
            + "&client_assertion_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&client_assertion="
            + assertion;
    return http.send(
        HttpRequest.newBuilder(URI.create(okta.tokenUrl()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(okta.orgUrl() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String bearer() throws Exception {
    String body = token(assertion(c -> c), "okta.groups.manage okta.users.read").body();
    return "Bearer " + body.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  @Test
  @DisplayName("a valid assertion gets a one-hour Bearer token with the scopes asked for")
  void valid() throws Exception {
    HttpResponse<String> r = token(assertion(c -> c), "okta.groups.manage okta.users.read");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"token_type\":\"Bearer\"", "\"expires_in\":3600");
    assertThat(r.headers().firstValue("X-Rate-Limit-Remaining")).isPresent();
  }

  @Test
  @DisplayName("wrong audience, iss not sub, exp too far ahead, unknown client, ungranted scope")
  void refusals() throws Exception {
    assertThat(
            token(assertion(c -> c.audience("https://elsewhere/token")), "okta.users.read").body())
        .contains("audience");
    assertThat(token(assertion(c -> c.subject("0oa2")), "okta.users.read").body())
        .contains("'iss' and 'sub'");
    assertThat(
            token(
                    assertion(
                        c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2))))),
                    "okta.users.read")
                .body())
        .contains("too far in the future");
    assertThat(token(assertion(c -> c.issuer("0oa9").subject("0oa9")), "okta.users.read").body())
        .contains("client_id");
    assertThat(token(assertion(c -> c), "okta.users.manage").body())
        .contains("invalid_scope", "okta.users.manage");
  }

  @Test
  @DisplayName("API calls need a valid token; an expired one is 401 E0000011")
  void tokens() throws Exception {
    okta.addUser("alice@example.com");
    String bearer = bearer();

    assertThat(get("/api/v1/users/alice@example.com", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/users/alice@example.com", bearer).statusCode()).isEqualTo(200);
    okta.expireTokens();
    HttpResponse<String> expired = get("/api/v1/users/alice@example.com", bearer);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).contains("E0000011");
  }

  @Test
  @DisplayName("member lists are paged by Link rel=next; an exhausted family answers 429 E0000047")
  void pagingAndRateLimit() throws Exception {
    String group = okta.addGroup("jit-a");
    for (int i = 0; i < 5; i++) {
      okta.addMember(group, okta.addUser("u" + i + "@example.com"));
    }
    String bearer = bearer();

    HttpResponse<String> first = get("/api/v1/groups/" + group + "/users", bearer);
    assertThat(first.body()).contains("u", "login");
    assertThat(first.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"");

    okta.exhaustRateLimit("groups", Instant.now().plusSeconds(30));
    HttpResponse<String> limited = get("/api/v1/groups/" + group + "/users", bearer);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("E0000047");
    assertThat(limited.headers().firstValue("X-Rate-Limit-Remaining")).contains("0");
  }

  @Test
  @DisplayName("with DPoP required, a token request without a proof is refused")
  void dpopRequired() throws Exception {
    okta.dpopRequired(true);

    assertThat(token(assertion(c -> c), "okta.users.read").body()).contains("invalid_dpop_proof");
  }
}
