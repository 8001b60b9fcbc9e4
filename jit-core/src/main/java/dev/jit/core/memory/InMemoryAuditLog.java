package dev.jit.core.memory;

import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.StaleVersionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * An {@link AuditLog} in a list: records are numbered from 1 and linked with {@link
 * AuditChain#link} under one lock, so concurrent appends form one straight chain; at most one entry
 * per request id and version (a second one throws {@link StaleVersionException} and appends
 * nothing). Thread-safe.
 */
public final class InMemoryAuditLog implements AuditLog {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<AuditRecord> records = new ArrayList<>();

  /** Per request: request version → sequence. */
  private final Map<RequestId, NavigableMap<Long, Long>> byRequest = new HashMap<>();

  @Override
  public AuditRecord append(AuditEntry entry) {
    Objects.requireNonNull(entry, "entry");
    RequestId id = entry.request().id();
    long version = entry.request().version();
    lock.writeLock().lock();
    try {
      NavigableMap<Long, Long> versions = byRequest.computeIfAbsent(id, k -> new TreeMap<>());
      if (versions.containsKey(version)) {
        throw new StaleVersionException(
            "request " + id + " already has an audit entry for version " + version);
      }
      String previousHash =
          records.isEmpty() ? AuditChain.GENESIS : records.get(records.size() - 1).hash();
      AuditRecord record = AuditChain.link(records.size() + 1L, entry, previousHash);
      records.add(record);
      versions.put(version, record.sequence());
      return record;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<AuditRecord> read(long fromSequence, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    lock.readLock().lock();
    try {
      long from = Math.max(fromSequence, 1);
      if (from > records.size()) {
        return List.of();
      }
      int start = (int) (from - 1);
      int end = (int) Math.min(records.size(), (long) start + limit);
      return List.copyOf(records.subList(start, end));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<AuditRecord> forRequest(RequestId id, long afterVersion) {
    lock.readLock().lock();
    try {
      NavigableMap<Long, Long> versions = byRequest.get(id);
      if (versions == null) {
        return List.of();
      }
      return versions.tailMap(afterVersion, false).values().stream()
          .sorted()
          .map(sequence -> records.get((int) (sequence - 1)))
          .toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<AuditRecord> latest() {
    lock.readLock().lock();
    try {
      return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many records the log holds. */
  public long size() {
    lock.readLock().lock();
    try {
      return records.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Replaces the stored record {@code sequence} with {@code change} applied to it, bypassing every
   * rule of the log. Exists only so that audit verifiers can be tested against a tampered chain;
   * nothing else may call it.
   *
   * @throws IllegalArgumentException if there is no record {@code sequence}
   */
  public void tamperForTesting(long sequence, UnaryOperator<AuditRecord> change) {
    lock.writeLock().lock();
    try {
      if (sequence < 1 || sequence > records.size()) {
        throw new IllegalArgumentException("no audit record " + sequence);
      }
      int index = (int) (sequence - 1);
      AuditRecord before = records.get(index);
      AuditRecord after = Objects.requireNonNull(change.apply(before), "changed record");
      records.set(index, after);
      NavigableMap<Long, Long> old = byRequest.get(before.entry().request().id());
      old.remove(before.entry().request().version(), sequence);
      byRequest
          .computeIfAbsent(after.entry().request().id(), k -> new TreeMap<>())
          .put(after.entry().request().version(), sequence);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
