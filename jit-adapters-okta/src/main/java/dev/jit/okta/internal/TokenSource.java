package dev.jit.okta.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jit.spi.BackendException;
import dev.jit.spi.Ids;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 client credentials at the org authorization server with a private_key_jwt client
 * assertion ({@code iss} = {@code sub} = client id, {@code aud} = the token URL, five minutes, a
 * unique {@code jti}), DPoP-bound when configured (with the {@code use_dpop_nonce} retry). The
 * token is cached until {@code refreshBefore} its expiry; one thread fetches while the others wait
 * for it (single flight). Failures name the cause and what to fix, never the assertion or token.
 */
public final class TokenSource implements Credentials {
  private static final Logger LOG = LoggerFactory.getLogger(TokenSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);

  private record Token(String value, boolean dpop, Instant expiresAt) {
    @Override
    public String toString() {
      return "access token expiring " + expiresAt;
    }
  }

  private final OktaHttp http;
  private final URI tokenUrl;
  private final String clientId;
  private final Signing signing;
  private final String scopes;
  private final Dpop dpop;
  private final Clock clock;
  private final Duration refreshBefore;
  private final String label;
  private Token token;

  public TokenSource(
      OktaHttp http,
      String clientId,
      Signing signing,
      List<String> scopes,
      Dpop dpop,
      Clock clock,
      Duration refreshBefore,
      String label) {
    this.http = http;
    this.tokenUrl = URI.create(http.org() + "/oauth2/v1/token");
    this.clientId = clientId;
    this.signing = signing;
    this.scopes = String.join(" ", scopes);
    this.dpop = dpop;
    this.clock = clock;
    this.refreshBefore = refreshBefore;
    this.label = label;
  }

  @Override
  public Authorization authorize(String method, URI uri) {
    Token t = current();
    Map<String, String> headers = new LinkedHashMap<>();
    if (t.dpop()) {
      headers.put("Authorization", "DPoP " + t.value());
      headers.put("DPoP", dpop.forApi(method, uri, t.value()));
    } else {
      headers.put("Authorization", "Bearer " + t.value());
    }
    return new Authorization(headers, t);
  }

  @Override
  public synchronized boolean refused(Authorization a) {
    if (token == a.credential()) {
      token = null;
    }
    return true;
  }

  @Override
  public void apiNonce(String nonce) {
    if (dpop != null) {
      dpop.apiNonce(nonce);
    }
  }

  private synchronized Token current() {
    if (token == null || !clock.instant().isBefore(token.expiresAt().minus(refreshBefore))) {
      token = fetch();
    }
    return token;
  }

  private Token fetch() {
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request =
          http.request(tokenUrl)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form()));
      if (dpop != null) {
        request.header("DPoP", dpop.forToken(tokenUrl));
      }
      OktaHttp.Answer answer =
          http.exchange("token", request.build(), label + ": fetching an access token");
      JsonNode body = parse(answer.body());
      if (answer.status() == 200) {
        String type = body.path("token_type").asText("");
        long expiresIn = body.path("expires_in").asLong(0);
        String value = body.path("access_token").asText("");
        if (value.isEmpty() || expiresIn <= 0) {
          throw BackendException.retryable(label + ": Okta's token answer had no usable token");
        }
        LOG.info("{}: fetched an Okta {} access token for {} s", label, type, expiresIn);
        return new Token(
            value, "DPoP".equalsIgnoreCase(type), clock.instant().plusSeconds(expiresIn));
      }
      String error = body.path("error").asText("");
      String description = Ids.printable(body.path("error_description").asText(""));
      if (error.equals("use_dpop_nonce") && dpop != null && attempt == 1) {
        dpop.tokenNonce(answer.headers().firstValue("DPoP-Nonce").orElse(null));
        continue;
      }
      throw failure(answer.status(), error, description);
    }
  }

  private BackendException failure(int status, String error, String description) {
    String said = " (" + error + ": " + description + ")";
    if (status >= 500) {
      return BackendException.retryable(
          label + ": Okta's token endpoint answered " + status + "; retrying later");
    }
    switch (error) {
      case "use_dpop_nonce":
        return BackendException.retryable(
            label + ": Okta asked for a new DPoP nonce twice in a row; the next attempt uses it");
      case "invalid_dpop_proof":
        return BackendException.permanent(
            dpop == null
                ? label
                    + ": the Okta app requires DPoP"
                    + said
                    + "; set dpop: true (the default) for this backend"
                : label
                    + ": Okta refused jit's DPoP proof"
                    + said
                    + (description.contains("iat") ? "; synchronise this host's clock (NTP)" : ""));
      case "invalid_scope":
        return BackendException.permanent(
            label
                + ": Okta did not grant the scopes jit asks for ("
                + scopes
                + ")"
                + said
                + "; grant them to app "
                + clientId
                + " on its Okta API Scopes tab");
      case "invalid_client":
        if (description.contains("already been used")) {
          return BackendException.retryable(
              label
                  + ": Okta had seen this client assertion's jti before"
                  + said
                  + "; the next attempt signs a new one");
        }
        if (description.contains("expired") || description.contains("future")) {
          return BackendException.permanent(
              label
                  + ": Okta refused the client assertion's time"
                  + said
                  + "; synchronise this host's clock (NTP)");
        }
        return BackendException.permanent(
            label
                + ": Okta refused jit's client assertion for app "
                + clientId
                + said
                + "; check clientId, keyId and that the app's registered public key matches the"
                + " configured private key");
      default:
        return BackendException.permanent(
            label + ": Okta's token endpoint answered " + status + said);
    }
  }

  private String form() {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(tokenUrl.toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    JWSHeader.Builder header = new JWSHeader.Builder(signing.algorithm());
    if (!signing.kid().isEmpty()) {
      header.keyID(signing.kid());
    }
    SignedJWT jwt = new SignedJWT(header.build(), claims);
    try {
      jwt.sign(signing.signer());
    } catch (JOSEException e) {
      throw BackendException.permanent(label + ": cannot sign the client assertion");
    }
    return "grant_type=client_credentials&scope="
        + URLEncoder.encode(scopes, StandardCharsets.UTF_8)
        + "&client_assertion_type="
        + URLEncoder.encode(
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
        + "&client_assertion="
        + jwt.serialize();
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  @Override
  public String toString() {
    return "OAuth client " + clientId;
  }
}
