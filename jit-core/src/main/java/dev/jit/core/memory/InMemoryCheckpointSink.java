package dev.jit.core.memory;

import dev.jit.spi.Checkpoint;
import dev.jit.spi.CheckpointSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CheckpointSink} that keeps checkpoints in a list, for tests and benchmarks: no witness
 * outside the process, so never the only sink of a real deployment. Thread-safe.
 */
public final class InMemoryCheckpointSink implements CheckpointSink {
  private final String name;
  private final List<Checkpoint> written = new ArrayList<>();

  public InMemoryCheckpointSink(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void write(Checkpoint checkpoint) {
    written.add(Objects.requireNonNull(checkpoint, "checkpoint"));
  }

  @Override
  public synchronized Optional<List<Checkpoint>> readAll() {
    return Optional.of(List.copyOf(written));
  }

  /** What was written, oldest first. */
  public List<Checkpoint> checkpoints() {
    return readAll().orElseThrow();
  }
}
