package dev.jit.spi;

/**
 * Signs audit checkpoints with a key the database's accounts cannot read: a key file only jit's
 * process may open, or a KMS or HSM behind this interface. Thread-safe.
 */
public interface CheckpointSigner {

  /** Names the key, so verifiers pick the right public key after a rotation. */
  String keyId();

  /**
   * The signature over {@code payload}.
   *
   * @throws JitException when the key or the signing service is unavailable
   */
  byte[] sign(byte[] payload);
}
