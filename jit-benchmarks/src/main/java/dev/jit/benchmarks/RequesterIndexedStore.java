package dev.jit.benchmarks;

import dev.jit.core.memory.InMemoryRequestStore;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A what-if for the expiry harness, not a fix and not a store to use: {@link InMemoryRequestStore}
 * with an index by requester, so that {@link #findByRequester} reads that person's requests instead
 * of scanning the whole store (as a database with an index on the requester would). It shows what
 * the engine itself costs once that scan is gone. Same ordering as the store it wraps; every method
 * is synchronized, which is enough for the single-threaded harness.
 */
final class RequesterIndexedStore implements RequestStore {
  private static final Comparator<AccessRequest> NEWEST_FIRST =
      Comparator.comparing(AccessRequest::createdAt).reversed().thenComparing(AccessRequest::id);

  private final InMemoryRequestStore store;
  private final Map<UserId, Set<RequestId>> byRequester = new HashMap<>();

  RequesterIndexedStore(InMemoryRequestStore store) {
    this.store = store;
  }

  @Override
  public synchronized void save(AccessRequest request) {
    store.save(request);
    byRequester.computeIfAbsent(request.requester(), k -> new LinkedHashSet<>()).add(request.id());
  }

  @Override
  public synchronized Optional<AccessRequest> find(RequestId id) {
    return store.find(id);
  }

  @Override
  public synchronized List<AccessRequest> findByStatus(
      Set<RequestStatus> statuses, Optional<RequestId> after, int limit) {
    return store.findByStatus(statuses, after, limit);
  }

  @Override
  public synchronized List<AccessRequest> findDue(Instant at, int limit) {
    return store.findDue(at, limit);
  }

  @Override
  public synchronized List<AccessRequest> findByRequester(
      UserId requester, Set<RequestStatus> statuses, int limit) {
    return byRequester.getOrDefault(requester, Set.of()).stream()
        .map(id -> store.find(id).orElseThrow())
        .filter(r -> statuses.contains(r.status()))
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .toList();
  }
}
