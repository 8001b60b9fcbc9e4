package dev.jit.okta.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.RecordedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The org authorization server ({@code /oauth2/v1/token}) and the access-token check of API calls:
 * private_key_jwt client assertions verified against the registered public key, DPoP proofs with
 * the server-nonce dance, scopes per endpoint. Guarded by the {@link FakeOkta}'s monitor.
 */
final class OktaAuthServer {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofHours(1);
  private static final Duration PROOF_WINDOW = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Client(JWK publicKey, Set<String> scopes) {}

  private record Issued(String clientId, Set<String> scopes, Instant expiresAt, String jkt) {}

  private final Clock clock;
  private final Map<String, Client> clients = new HashMap<>();
  private final Set<String> assertionJtis = new HashSet<>();
  private final Set<String> proofJtis = new HashSet<>();
  private final Map<String, Issued> tokens = new HashMap<>();
  private final Set<String> sswsTokens = new HashSet<>();
  Duration tokenLifetime = Duration.ofHours(1);
  boolean dpopRequired;
  boolean apiNonceRequired;
  private String nonce = random(16);
  int tokensIssued;
  int replayRefusals;

  OktaAuthServer(Clock clock) {
    this.clock = clock;
  }

  void client(String clientId, JWK publicKey, Set<String> scopes) {
    if (publicKey.isPrivate()) {
      throw new IllegalArgumentException("register the public key, not the private one");
    }
    clients.put(clientId, new Client(publicKey, Set.copyOf(scopes)));
  }

  void ssws(String token) {
    sswsTokens.add(token);
  }

  /** A new server nonce: proofs with the old one are answered {@code use_dpop_nonce}. */
  void rotateNonce() {
    nonce = random(16);
  }

  /** Every access token issued so far expires now. */
  void expireTokens() {
    Instant now = clock.instant();
    tokens.replaceAll((k, v) -> new Issued(v.clientId, v.scopes, now, v.jkt));
  }

  FakeResponse token(RecordedRequest r, String tokenUrl) {
    if (!"client_credentials".equals(r.formParam("grant_type").orElse(""))) {
      return OktaErrors.oauth(
          400, "unsupported_grant_type", "The authorization grant type is not supported.");
    }
    String proofKey = null;
    Optional<String> proof = r.header("DPoP");
    if (proof.isPresent()) {
      Object checked = verifyProof(proof.get(), "POST", tokenUrl, null, true);
      if (checked instanceof FakeResponse error) {
        return error;
      }
      proofKey = (String) checked;
    } else if (dpopRequired) {
      return OktaErrors.oauth(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
    }
    if (!ASSERTION_TYPE.equals(r.formParam("client_assertion_type").orElse(""))
        || r.formParam("client_assertion").isEmpty()) {
      return OktaErrors.oauth(
          401,
          "invalid_client",
          "Client authentication failed. Okta-scoped tokens need private_key_jwt client"
              + " authentication.");
    }
    Object client = verifyAssertion(r.formParam("client_assertion").get(), tokenUrl);
    if (client instanceof FakeResponse error) {
      return error;
    }
    String clientId = (String) client;
    Set<String> requested =
        new LinkedHashSet<>(Arrays.asList(r.formParam("scope").orElse("").trim().split("\\s+")));
    requested.remove("");
    if (requested.isEmpty()) {
      return OktaErrors.oauth(400, "invalid_scope", "The 'scope' parameter is required.");
    }
    Set<String> notGranted = new LinkedHashSet<>(requested);
    notGranted.removeAll(clients.get(clientId).scopes());
    if (!notGranted.isEmpty()) {
      return OktaErrors.oauth(
          400,
          "invalid_scope",
          "The following scopes are not granted to the client application: "
              + String.join(" ", notGranted));
    }
    String accessToken = random(32);
    tokens.put(
        accessToken,
        new Issued(clientId, requested, clock.instant().plus(tokenLifetime), proofKey));
    tokensIssued++;
    ObjectNode body = OktaErrors.JSON.createObjectNode();
    body.put("token_type", proofKey == null ? "Bearer" : "DPoP");
    body.put("expires_in", tokenLifetime.toSeconds());
    body.put("access_token", accessToken);
    body.put("scope", String.join(" ", requested));
    return FakeResponse.json(200, body);
  }

  /** The client id, or the error answer. */
  private Object verifyAssertion(String assertion, String tokenUrl) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalidClient("The client_assertion token is malformed.");
    }
    Client client = claims.getIssuer() == null ? null : clients.get(claims.getIssuer());
    if (client == null) {
      return invalidClient("Invalid value for 'client_id' parameter.");
    }
    if (!claims.getIssuer().equals(claims.getSubject())) {
      return invalidClient("The client_assertion token must have matching 'iss' and 'sub'.");
    }
    if (!verify(jwt, client.publicKey())) {
      return invalidClient("The client_assertion signature is invalid.");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(tokenUrl)) {
      return invalidClient(
          "The audience claim for client_assertion must be the endpoint invoked for the request.");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !exp.toInstant().isAfter(now)) {
      return invalidClient("The client_assertion token is expired.");
    }
    if (exp.toInstant().isAfter(now.plus(MAX_ASSERTION_LIFETIME).plusSeconds(60))) {
      return invalidClient("The client_assertion token has an expiration too far in the future.");
    }
    String jti = claims.getJWTID();
    if (jti == null) {
      return invalidClient("The client_assertion token must have a 'jti' claim.");
    }
    if (!assertionJtis.add(jti)) {
      replayRefusals++;
      return invalidClient("The client_assertion token has already been used.");
    }
    return claims.getIssuer();
  }

  private static FakeResponse invalidClient(String description) {
    return OktaErrors.oauth(401, "invalid_client", description);
  }

  /**
   * Checks an API call's credentials for {@code scope}; empty when they pass, else the answer.
   * {@code htu} is the request URL without query, its path decoded.
   */
  Optional<FakeResponse> authenticate(RecordedRequest r, String scope, String htu) {
    String auth = r.header("Authorization").orElse("");
    if (auth.startsWith("SSWS ")) {
      return sswsTokens.contains(auth.substring(5)) ? Optional.empty() : invalidToken("invalid");
    }
    boolean dpop = auth.startsWith("DPoP ");
    if (!dpop && !auth.startsWith("Bearer ")) {
      return invalidToken("missing");
    }
    String token = auth.substring(dpop ? 5 : 7);
    Issued issued = tokens.get(token);
    if (issued == null) {
      return invalidToken("invalid");
    }
    if (!issued.expiresAt().isAfter(clock.instant())) {
      return invalidToken("expired");
    }
    if (issued.jkt() != null) {
      if (!dpop || r.header("DPoP").isEmpty()) {
        return Optional.of(
            OktaErrors.oauth(
                400, "invalid_dpop_proof", "The DPoP proof JWT header is missing or invalid."));
      }
      Object checked = verifyProof(r.header("DPoP").get(), r.method(), htu, token, false);
      if (checked instanceof FakeResponse error) {
        return Optional.of(error);
      }
      if (!issued.jkt().equals(checked)) {
        return Optional.of(
            OktaErrors.oauth(
                400, "invalid_dpop_proof", "The DPoP proof key does not match the token."));
      }
    } else if (dpop) {
      return invalidToken("not DPoP-bound");
    }
    if (!covers(issued.scopes(), scope)) {
      return Optional.of(
          OktaErrors.api(
                  403, "E0000006", "You do not have permission to perform the requested action")
              .withHeader(
                  "WWW-Authenticate",
                  "Bearer realm=\"IdP\", error=\"insufficient_scope\", error_description=\"The"
                      + " access token provided does not contain the required scopes.\", scope=\""
                      + scope
                      + "\""));
    }
    return Optional.empty();
  }

  private static boolean covers(Set<String> granted, String scope) {
    return granted.contains(scope)
        || (scope.endsWith(".read") && granted.contains(scope.replace(".read", ".manage")));
  }

  private static Optional<FakeResponse> invalidToken(String why) {
    return Optional.of(
        OktaErrors.api(401, "E0000011", "Invalid token provided")
            .withHeader(
                "WWW-Authenticate",
                "Bearer realm=\"IdP\", error=\"invalid_token\", error_description=\"The token is "
                    + why
                    + ".\""));
  }

  /** The proof key's thumbprint, or the error answer. */
  private Object verifyProof(
      String proof, String method, String htu, String accessToken, boolean tokenEndpoint) {
    try {
      SignedJWT jwt = SignedJWT.parse(proof);
      JWK jwk = jwt.getHeader().getJWK();
      if (!new JOSEObjectType("dpop+jwt").equals(jwt.getHeader().getType())
          || jwk == null
          || jwk.isPrivate()
          || !verify(jwt, jwk)) {
        return badProof("The DPoP proof is not a valid dpop+jwt signed by its jwk.");
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      if (!method.equalsIgnoreCase(c.getStringClaim("htm"))
          || !sameUrl(htu, c.getStringClaim("htu"))) {
        return badProof("The DPoP proof htm or htu does not match the request.");
      }
      Date iat = c.getIssueTime();
      Instant now = clock.instant();
      if (iat == null
          || iat.toInstant().isBefore(now.minus(PROOF_WINDOW))
          || iat.toInstant().isAfter(now.plus(PROOF_WINDOW))) {
        return badProof("The DPoP proof iat is outside the allowed window.");
      }
      if (c.getJWTID() == null || !proofJtis.add(c.getJWTID())) {
        return badProof("The DPoP proof jti is missing or was used before.");
      }
      if (tokenEndpoint && !nonce.equals(c.getStringClaim("nonce"))) {
        return OktaErrors.oauth(
                400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.")
            .withHeader("DPoP-Nonce", nonce);
      }
      if (!tokenEndpoint && apiNonceRequired && !nonce.equals(c.getStringClaim("nonce"))) {
        return OktaErrors.api(401, "E0000011", "Invalid token provided")
            .withHeader(
                "WWW-Authenticate",
                "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires"
                    + " nonce in DPoP proof\"")
            .withHeader("DPoP-Nonce", nonce);
      }
      if (accessToken != null && !ath(accessToken).equals(c.getStringClaim("ath"))) {
        return badProof("The DPoP proof ath does not match the access token.");
      }
      return jwk.computeThumbprint().toString();
    } catch (ParseException | JOSEException e) {
      return badProof("The DPoP proof is malformed.");
    }
  }

  private static boolean sameUrl(String expected, String htu) {
    if (htu == null) {
      return false;
    }
    try {
      URI b = URI.create(htu);
      return expected.equals(b.getScheme() + "://" + b.getRawAuthority() + b.getPath());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static FakeResponse badProof(String description) {
    return OktaErrors.oauth(400, "invalid_dpop_proof", description);
  }

  private static boolean verify(SignedJWT jwt, JWK key) {
    try {
      JWSVerifier verifier =
          new DefaultJWSVerifierFactory()
              .createJWSVerifier(
                  jwt.getHeader(),
                  key.getKeyType().getValue().equals("RSA")
                      ? key.toRSAKey().toPublicKey()
                      : key.toECKey().toPublicKey());
      return jwt.verify(verifier);
    } catch (JOSEException | RuntimeException e) {
      return false;
    }
  }

  static String ath(String accessToken) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64URL.encode(hash).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64URL.encode(b).toString();
  }
}
