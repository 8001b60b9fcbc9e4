package dev.jit.okta.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jit.spi.JitException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;

/**
 * The client-assertion key: a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) or a private JWK
 * (JSON, as Okta's console generates), RSA for RS256 or EC P-256 for ES256. Failures say what is
 * wrong with the key, never its content.
 *
 * @param kid the key id for the assertion header; empty to send none
 */
public record Signing(JWSSigner signer, JWSAlgorithm algorithm, String kid) {

  /** Parses {@code material} from {@code source} (a file path or variable name, for messages). */
  public static Signing parse(String material, String algorithm, String kid, String source) {
    JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
    String text = material.trim();
    try {
      if (text.startsWith("{")) {
        JWK jwk = JWK.parse(text);
        if (!jwk.isPrivate()) {
          throw new JitException(
              "the key in " + source + " is a public JWK; jit needs the private key");
        }
        String id = kid.isEmpty() && jwk.getKeyID() != null ? jwk.getKeyID() : kid;
        if (jwk instanceof RSAKey rsa && alg.equals(JWSAlgorithm.RS256)) {
          return new Signing(new RSASSASigner(rsa), alg, id);
        }
        if (jwk instanceof ECKey ec && alg.equals(JWSAlgorithm.ES256)) {
          return new Signing(new ECDSASigner(ec), alg, id);
        }
        throw mismatch(source, algorithm);
      }
      if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
          || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
        throw new JitException(
            "the key in "
                + source
                + " is not PKCS#8; convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`");
      }
      if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
        throw new JitException(
            "the key in "
                + source
                + " is neither a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) nor a private JWK");
      }
      String base64 =
          text.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      byte[] der = Base64.getDecoder().decode(base64);
      boolean rsa = alg.equals(JWSAlgorithm.RS256);
      PrivateKey key =
          KeyFactory.getInstance(rsa ? "RSA" : "EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new Signing(
          rsa ? new RSASSASigner(key) : new ECDSASigner((ECPrivateKey) key), alg, kid);
    } catch (JitException e) {
      throw e;
    } catch (ParseException
        | JOSEException
        | RuntimeException
        | java.security.GeneralSecurityException e) {
      throw new JitException(
          "the key in "
              + source
              + " cannot be read as an "
              + (algorithm.equals("RS256") ? "RSA" : "EC P-256")
              + " private key for "
              + algorithm
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static JitException mismatch(String source, String algorithm) {
    return new JitException(
        "the key in "
            + source
            + " does not fit algorithm "
            + algorithm
            + " (RS256 takes an RSA key, ES256 an EC P-256 key)");
  }
}
