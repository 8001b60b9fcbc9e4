package dev.jit.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the latest snapshot of every request.
 *
 * <p>Implementations are thread-safe and may be shared by several engine instances (one database).
 * Writes use optimistic concurrency: a stale write fails with {@link StaleVersionException} and
 * never overwrites.
 */
public interface RequestStore {

  /**
   * Stores {@code request}. Version 1 inserts a new request; any other version replaces exactly
   * version {@code request.version() - 1}.
   *
   * @throws StaleVersionException when the id already exists (version 1) or the stored version is
   *     not {@code request.version() - 1}; nothing is written then
   */
  void save(AccessRequest request);

  /** The latest snapshot of the request, if it exists. */
  Optional<AccessRequest> find(RequestId id);

  /**
   * Requests in any of {@code statuses}, ordered by id, starting after {@code after} (exclusive)
   * when given: a keyset page for sweeps over many requests.
   */
  List<AccessRequest> findByStatus(
      Set<RequestStatus> statuses, Optional<RequestId> after, int limit);

  /**
   * Requests whose {@code nextDeadline} is at or before {@code at}, earliest first (ties by id).
   * The engine moves the deadline of every request it acts on, so repeated calls make progress
   * through a large backlog.
   */
  List<AccessRequest> findDue(Instant at, int limit);

  /** The requests of one requester in any of {@code statuses}, newest first (ties by id). */
  List<AccessRequest> findByRequester(UserId requester, Set<RequestStatus> statuses, int limit);
}
