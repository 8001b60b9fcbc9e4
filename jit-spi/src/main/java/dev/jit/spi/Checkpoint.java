package dev.jit.spi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed statement of the audit chain's head: "at {@code at}, the record with this sequence had
 * this hash", signed with the key {@code keyId}. Written outside the database (a file on other
 * storage, a Slack channel), checkpoints let a verifier tell a truncated tail or a rewritten past
 * even from someone who can rewrite the whole audit table and recompute every hash: they cannot
 * sign.
 *
 * @param signature base64 of the signature over {@link #payload()}
 */
public record Checkpoint(long sequence, String hash, Instant at, String keyId, String signature) {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public Checkpoint {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
    Ids.check("hash", hash, HASH);
    Objects.requireNonNull(at, "at");
    Ids.check("key id", keyId, KEY_ID);
    Objects.requireNonNull(signature, "signature");
  }

  /** The bytes that are signed: a versioned, line-based form of everything but the signature. */
  public byte[] payload() {
    return payload(sequence, hash, at, keyId);
  }

  /** {@link #payload()} of a checkpoint not made yet. */
  public static byte[] payload(long sequence, String hash, Instant at, String keyId) {
    return ("jit-audit-checkpoint-v1\n" + sequence + "\n" + hash + "\n" + at + "\n" + keyId + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The signature's bytes. */
  public byte[] signatureBytes() {
    return Base64.getDecoder().decode(signature);
  }
}
