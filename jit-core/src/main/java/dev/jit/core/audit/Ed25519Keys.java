package dev.jit.core.audit;

import dev.jit.spi.Checkpoint;
import dev.jit.spi.CheckpointSigner;
import dev.jit.spi.JitException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ed25519 from the JDK for audit checkpoints: a {@link CheckpointSigner} over a private key, and
 * checking a checkpoint against the public keys of every key id ever used (so checkpoints signed
 * before a rotation keep verifying). Keys are PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}) and X.509
 * ({@code BEGIN PUBLIC KEY}), as {@code openssl genpkey -algorithm ed25519} writes them.
 */
public final class Ed25519Keys {
  private static final String ALGORITHM = "Ed25519";

  private Ed25519Keys() {}

  /** A signer over {@code privateKeyPem}, named {@code keyId}; the key is never logged. */
  public static CheckpointSigner signer(String keyId, String privateKeyPem) {
    PrivateKey key = privateKey(privateKeyPem);
    return signer(keyId, key);
  }

  /** A signer over {@code key}, named {@code keyId}. */
  public static CheckpointSigner signer(String keyId, PrivateKey key) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    return new CheckpointSigner() {
      @Override
      public String keyId() {
        return keyId;
      }

      @Override
      public byte[] sign(byte[] payload) {
        try {
          Signature s = Signature.getInstance(ALGORITHM);
          s.initSign(key);
          s.update(payload);
          return s.sign();
        } catch (GeneralSecurityException e) {
          throw new JitException(
              "signing an audit checkpoint failed (" + e.getClass().getSimpleName() + ")");
        }
      }
    };
  }

  /** A new key pair, for tests and for {@code jit audit keygen}-style setup. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java 17 runtime has Ed25519", e);
    }
  }

  /**
   * Why {@code checkpoint}'s signature does not hold under {@code publicKeys} (by key id); empty
   * when it does.
   */
  public static Optional<String> problem(Checkpoint checkpoint, Map<String, PublicKey> publicKeys) {
    PublicKey key = publicKeys.get(checkpoint.keyId());
    if (key == null) {
      return Optional.of(
          "checkpoint at record "
              + checkpoint.sequence()
              + " is signed with key '"
              + checkpoint.keyId()
              + "', which is not a known key (known: "
              + publicKeys.keySet()
              + ")");
    }
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(checkpoint.payload());
      if (s.verify(checkpoint.signatureBytes())) {
        return Optional.empty();
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // a malformed signature is a wrong one
    }
    return Optional.of(
        "checkpoint at record "
            + checkpoint.sequence()
            + " does not verify under key '"
            + checkpoint.keyId()
            + "' (signed with another key, or altered)");
  }

  public static PrivateKey privateKey(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new JitException("the audit signing key is not an Ed25519 PKCS#8 PEM private key");
    }
  }

  public static PublicKey publicKey(String pem) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new JitException("not an Ed25519 X.509 PEM public key");
    }
  }

  /** {@code key} as PEM. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** {@code key} as PEM. */
  public static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static byte[] der(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int a = pem.indexOf(begin);
    int b = pem.indexOf(end);
    if (a < 0 || b < a) {
      throw new IllegalArgumentException("no " + label + " block");
    }
    return Base64.getMimeDecoder().decode(pem.substring(a + begin.length(), b));
  }
}
