package dev.jit.core.memory;

import dev.jit.spi.Outbox;
import dev.jit.spi.OutboxMessage;
import dev.jit.spi.RequestId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link Outbox} in memory, exactly as the SPI describes: for tests and single-process demos (a
 * process that dies loses what it holds). Thread-safe: every method runs under this object's
 * monitor.
 */
public final class InMemoryOutbox implements Outbox {
  private record Entry(OutboxMessage message, Optional<String> claimant, Instant claimedUntil) {}

  /** In the order added. */
  private final Map<String, Entry> waiting = new LinkedHashMap<>();

  @Override
  public synchronized void add(OutboxMessage message) {
    Objects.requireNonNull(message, "message");
    if (waiting.containsKey(message.key())) {
      return;
    }
    waiting.replaceAll(
        (key, e) ->
            e.message().requestId().equals(message.requestId())
                    && e.message().notBefore().isAfter(message.notBefore())
                ? new Entry(at(e.message(), message.notBefore()), e.claimant(), e.claimedUntil())
                : e);
    waiting.put(message.key(), new Entry(message, Optional.empty(), Instant.MIN));
  }

  @Override
  public synchronized List<OutboxMessage> claim(
      String claimant, Instant now, Duration lease, int limit) {
    Objects.requireNonNull(claimant, "claimant");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    Set<RequestId> seen = new HashSet<>();
    List<OutboxMessage> claimed = new ArrayList<>();
    for (Entry e : List.copyOf(waiting.values())) {
      OutboxMessage m = e.message();
      boolean oldest = seen.add(m.requestId());
      if (claimed.size() < limit
          && oldest
          && !m.notBefore().isAfter(now)
          && !e.claimedUntil().isAfter(now)) {
        OutboxMessage counted =
            new OutboxMessage(m.notification(), m.createdAt(), m.attempts() + 1, m.notBefore());
        waiting.put(m.key(), new Entry(counted, Optional.of(claimant), now.plus(lease)));
        claimed.add(counted);
      }
    }
    return claimed;
  }

  @Override
  public synchronized void remove(String key) {
    waiting.remove(key);
  }

  @Override
  public synchronized void release(String key, String claimant, Instant notBefore) {
    Entry e = waiting.get(key);
    if (e != null && e.claimant().filter(claimant::equals).isPresent()) {
      waiting.put(key, new Entry(at(e.message(), notBefore), Optional.empty(), Instant.MIN));
    }
  }

  @Override
  public synchronized List<OutboxMessage> waiting(int limit) {
    return waiting.values().stream().map(Entry::message).limit(limit).toList();
  }

  private static OutboxMessage at(OutboxMessage m, Instant notBefore) {
    return new OutboxMessage(m.notification(), m.createdAt(), m.attempts(), notBefore);
  }
}
