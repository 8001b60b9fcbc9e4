package dev.jit.core.audit;

import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.CheckpointSigner;
import dev.jit.spi.CheckpointSink;
import dev.jit.spi.JitException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the audit chain's head and writes the checkpoint to every sink. Call {@link #checkpoint()}
 * periodically and at shutdown; it signs only when the head moved. A sink that cannot take a
 * checkpoint keeps it queued — retried, in order, before anything newer, on every later call — and
 * each failure raises the alarm: a checkpoint is never dropped. Thread-safe.
 */
public final class Checkpointer {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

  private final AuditLog log;
  private final CheckpointSigner signer;
  private final Clock clock;
  private final Consumer<String> alarm;
  private final Map<CheckpointSink, Deque<Checkpoint>> pending = new LinkedHashMap<>();
  private long lastSigned;

  /**
   * @param alarm told, in a sentence, of every checkpoint a sink could not take (page someone)
   */
  public Checkpointer(
      AuditLog log,
      CheckpointSigner signer,
      List<CheckpointSink> sinks,
      Clock clock,
      Consumer<String> alarm) {
    if (sinks.isEmpty()) {
      throw new IllegalArgumentException("checkpoints need at least one sink outside the database");
    }
    this.log = log;
    this.signer = signer;
    this.clock = clock;
    this.alarm = alarm;
    for (CheckpointSink s : sinks) {
      pending.put(s, new ArrayDeque<>());
    }
  }

  /** Signs the head if it moved since the last checkpoint, then writes what is queued. */
  public synchronized Optional<Checkpoint> checkpoint() {
    Optional<Checkpoint> made = Optional.empty();
    Optional<AuditRecord> head = log.latest();
    if (head.isPresent() && head.get().sequence() > lastSigned) {
      Checkpoint c = sign(head.get());
      pending.values().forEach(q -> q.addLast(c));
      lastSigned = c.sequence();
      made = Optional.of(c);
    }
    flush();
    return made;
  }

  /** How many checkpoints some sink has not taken yet. */
  public synchronized int backlog() {
    return pending.values().stream().mapToInt(Deque::size).max().orElse(0);
  }

  private Checkpoint sign(AuditRecord head) {
    String keyId = signer.keyId();
    var at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    byte[] signature = signer.sign(Checkpoint.payload(head.sequence(), head.hash(), at, keyId));
    return new Checkpoint(
        head.sequence(), head.hash(), at, keyId, Base64.getEncoder().encodeToString(signature));
  }

  private void flush() {
    pending.forEach(
        (sink, queue) -> {
          while (!queue.isEmpty()) {
            Checkpoint c = queue.peekFirst();
            try {
              sink.write(c);
              queue.removeFirst();
            } catch (JitException | IllegalStateException e) {
              String message =
                  "audit checkpoint of record "
                      + c.sequence()
                      + " could not be written to "
                      + sink.name()
                      + " ("
                      + e.getMessage()
                      + "); "
                      + queue.size()
                      + " checkpoint(s) wait and will be retried";
              LOG.error(message);
              alarm.accept(message);
              return;
            }
          }
        });
  }
}
