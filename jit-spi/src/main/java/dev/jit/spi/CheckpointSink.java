package dev.jit.spi;

import java.util.List;
import java.util.Optional;

/**
 * A witness the database cannot rewrite, to which signed checkpoints are written: an append-only
 * file or directory on other storage, a Slack audit channel. Thread-safe.
 */
public interface CheckpointSink {

  /** For logs and alerts, e.g. {@code file:/var/lib/jit/checkpoints.jsonl}. */
  String name();

  /**
   * Writes one checkpoint durably. Writing the same checkpoint twice is harmless.
   *
   * @throws JitException when it could not be written; the caller retries
   */
  void write(Checkpoint checkpoint);

  /** Every checkpoint written, oldest first, for the verifier; empty when this sink cannot read. */
  default Optional<List<Checkpoint>> readAll() {
    return Optional.empty();
  }
}
