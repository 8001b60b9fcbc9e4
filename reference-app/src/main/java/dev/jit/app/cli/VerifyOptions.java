package dev.jit.app.cli;

import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.core.audit.Ed25519Keys;
import dev.jit.core.audit.FileCheckpointSink;
import dev.jit.core.policy.Policy;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.JitException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What the audit verifier is given besides the log: signed checkpoints with their public keys, and
 * the policy. Shared by {@code jit audit verify} and {@code jit report}, so both verify alike.
 */
final class VerifyOptions {
  @Option(
      names = "--checkpoints",
      paramLabel = "FILE",
      description = "the signed checkpoints serve wrote (settings.audit.checkpoints.file)")
  Path checkpoints;

  @Option(
      names = "--public-key",
      paramLabel = "KEYID=PEMFILE",
      description = "a checkpoint key's public half (X.509 PEM); repeat for rotated keys")
  Map<String, Path> publicKeys = new LinkedHashMap<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "the configuration, for the policy's maximum durations")
  Path config;

  /** The public keys, by key id; a key that cannot be read is a configuration error. */
  Map<String, PublicKey> keys() {
    if (checkpoints != null && publicKeys.isEmpty()) {
      throw new ConfigException("--checkpoints needs the --public-key of every key id in it");
    }
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    publicKeys.forEach(
        (id, file) -> {
          try {
            keys.put(id, Ed25519Keys.publicKey(ConfigLoader.read(file)));
          } catch (JitException e) {
            throw new ConfigException(file + ": " + e.getMessage());
          }
        });
    return keys;
  }

  /** The signed checkpoints of {@code --checkpoints}, none without it. */
  List<Checkpoint> signed() {
    return checkpoints == null
        ? List.of()
        : new FileCheckpointSink(checkpoints).readAll().orElseThrow();
  }

  Optional<Policy> policy() {
    return config == null ? Optional.empty() : Optional.of(ConfigLoader.load(config).policy());
  }
}
