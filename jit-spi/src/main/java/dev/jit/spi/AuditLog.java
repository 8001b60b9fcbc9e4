package dev.jit.spi;

import java.util.List;
import java.util.Optional;

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
   * {@link #read}, with each record's canonical text as stored, for verification. The default
   * encodes each record; a log that keeps the text returns it, with the record decoded from it.
   */
  default List<StoredRecord> readStored(long fromSequence, int limit) {
    return read(fromSequence, limit).stream().map(StoredRecord::of).toList();
  }

  /**
   * The records of one request whose request version is greater than {@code afterVersion}, in
   * order.
   */
  List<AuditRecord> forRequest(RequestId id, long afterVersion);

  /**
   * The record with the highest sequence, if any: what a signed checkpoint covers. The default
   * reads the whole log; implementations answer from an index.
   */
  default Optional<AuditRecord> latest() {
    Optional<AuditRecord> last = Optional.empty();
    long from = 1;
    while (true) {
      List<AuditRecord> page = read(from, 1000);
      if (page.isEmpty()) {
        return last;
      }
      last = Optional.of(page.get(page.size() - 1));
      from = last.get().sequence() + 1;
    }
  }
}
