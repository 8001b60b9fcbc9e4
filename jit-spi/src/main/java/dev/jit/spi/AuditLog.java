package dev.jit.spi;

import java.util.List;

/**
 * The append-only, hash-chained record of every state change. Nothing in this interface updates or
 * deletes.
 *
 * <p>The audit log is also where a state change commits: at most one entry exists per request id
 * and version, so of two engines deciding on the same version only one can append, and the request
 * store is brought up to the log when it lags behind (after a crash between the two writes).
 *
 * <p>Implementations are thread-safe; concurrent appends, also from several processes sharing one
 * database, produce one straight chain: sequence numbers without gaps, each record linked to its
 * predecessor.
 */
public interface AuditLog {

  /**
   * Appends {@code entry} with the next sequence number, linked to the current last record (see
   * {@link AuditChain#link}).
   *
   * @throws StaleVersionException when an entry for the same request id and version exists; nothing
   *     is written
   */
  AuditRecord append(AuditEntry entry);

  /** Up to {@code limit} records with sequence at or after {@code fromSequence}, in order. */
  List<AuditRecord> read(long fromSequence, int limit);

  /**
   * The records of one request whose request version is greater than {@code afterVersion}, in
   * order.
   */
  List<AuditRecord> forRequest(RequestId id, long afterVersion);
}
