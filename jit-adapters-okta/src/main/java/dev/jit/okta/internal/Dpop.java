package dev.jit.okta.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;

/**
 * DPoP proofs (RFC 9449) with a key pair of their own, made in memory at start and never the
 * client-assertion key: {@code typ dpop+jwt}, ES256, the public {@code jwk}; claims {@code htm},
 * {@code htu} (no query), {@code iat}, a unique {@code jti}, the server's {@code nonce} when it
 * asked for one and {@code ath} on API calls. Thread-safe.
 */
public final class Dpop {
  private final ECKey key;
  private final ECDSASigner signer;
  private final Clock clock;
  private volatile String tokenNonce;
  private volatile String apiNonce;

  public Dpop(Clock clock) {
    this.clock = clock;
    try {
      this.key = new ECKeyGenerator(Curve.P_256).generate();
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make a DPoP key", e);
    }
  }

  /** A proof for the token endpoint. */
  public String forToken(URI tokenUrl) {
    return proof("POST", tokenUrl, tokenNonce, null);
  }

  /** A proof for an API call with {@code accessToken}. */
  public String forApi(String method, URI uri, String accessToken) {
    return proof(method, uri, apiNonce, ath(accessToken));
  }

  public void tokenNonce(String nonce) {
    this.tokenNonce = nonce;
  }

  public void apiNonce(String nonce) {
    this.apiNonce = nonce;
  }

  private String proof(String method, URI uri, String nonce, String ath) {
    String htu = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .claim("htm", method)
            .claim("htu", htu)
            .issueTime(Date.from(clock.instant()))
            .jwtID(UUID.randomUUID().toString());
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    if (ath != null) {
      claims.claim("ath", ath);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK())
                .build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a DPoP proof", e);
    }
    return jwt.serialize();
  }

  private static String ath(String accessToken) {
    try {
      return Base64URL.encode(
              MessageDigest.getInstance("SHA-256")
                  .digest(accessToken.getBytes(StandardCharsets.US_ASCII)))
          .toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
