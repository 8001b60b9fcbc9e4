package dev.jit.core.memory;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.StaleVersionException;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link RequestStore} in a map: the latest snapshot per id, with optimistic versioning exactly
 * as the SPI describes (a stale write throws {@link StaleVersionException} and changes nothing).
 * Thread-safe; reads see a consistent state. Ties are broken by id: {@link #findDue} orders by
 * deadline then id, {@link #findByRequester} by creation time (newest first) then id.
 */
public final class InMemoryRequestStore implements RequestStore {
  private static final Comparator<Due> DUE_ORDER =
      Comparator.comparing(Due::at).thenComparing(Due::id);
  private static final Comparator<AccessRequest> NEWEST_FIRST =
      Comparator.comparing(AccessRequest::createdAt).reversed().thenComparing(AccessRequest::id);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final NavigableMap<RequestId, AccessRequest> byId = new TreeMap<>();
  private final NavigableSet<Due> due = new TreeSet<>(DUE_ORDER);
  private final Map<UserId, NavigableSet<AccessRequest>> byRequester = new HashMap<>();

  private record Due(Instant at, RequestId id) {}

  @Override
  public void save(AccessRequest request) {
    Objects.requireNonNull(request, "request");
    lock.writeLock().lock();
    try {
      AccessRequest stored = byId.get(request.id());
      long storedVersion = stored == null ? 0 : stored.version();
      if (storedVersion != request.version() - 1) {
        throw new StaleVersionException(
            "request "
                + request.id()
                + ": cannot save version "
                + request.version()
                + " over "
                + (stored == null ? "nothing" : "version " + storedVersion));
      }
      if (stored != null) {
        stored.nextDeadline().ifPresent(at -> due.remove(new Due(at, stored.id())));
      }
      byId.put(request.id(), request);
      request.nextDeadline().ifPresent(at -> due.add(new Due(at, request.id())));
      NavigableSet<AccessRequest> mine =
          byRequester.computeIfAbsent(request.requester(), u -> new TreeSet<>(NEWEST_FIRST));
      if (stored != null) {
        mine.remove(stored);
      }
      mine.add(request);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<AccessRequest> find(RequestId id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(byId.get(id));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<AccessRequest> findByStatus(
      Set<RequestStatus> statuses, Optional<RequestId> after, int limit) {
    checkLimit(limit);
    lock.readLock().lock();
    try {
      Map<RequestId, AccessRequest> from =
          after.isPresent() ? byId.tailMap(after.get(), false) : byId;
      List<AccessRequest> page = new ArrayList<>();
      for (AccessRequest r : from.values()) {
        if (page.size() >= limit) {
          break;
        }
        if (statuses.contains(r.status())) {
          page.add(r);
        }
      }
      return page;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<AccessRequest> findDue(Instant at, int limit) {
    checkLimit(limit);
    lock.readLock().lock();
    try {
      List<AccessRequest> found = new ArrayList<>();
      for (Due d : due) {
        if (found.size() >= limit || d.at().isAfter(at)) {
          break;
        }
        found.add(byId.get(d.id()));
      }
      return found;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<AccessRequest> findByRequester(
      UserId requester, Set<RequestStatus> statuses, int limit) {
    checkLimit(limit);
    lock.readLock().lock();
    try {
      return byRequester.getOrDefault(requester, Collections.emptyNavigableSet()).stream()
          .filter(r -> statuses.contains(r.status()))
          .limit(limit)
          .toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }
}
