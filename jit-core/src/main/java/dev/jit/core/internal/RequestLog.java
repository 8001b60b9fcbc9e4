package dev.jit.core.internal;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStore;
import dev.jit.spi.StaleVersionException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes requests through the audit log and the store together.
 *
 * <p>A change commits when its audit entry is appended: the log holds at most one entry per request
 * version, so of two writers starting from the same version only one gets through. The store is
 * written after; when a process dies in between, the next {@link #load} finds the newer versions in
 * the log and brings the store up to date. The store therefore never holds a version the log does
 * not, and the log never misses a state change.
 */
public final class RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  private final RequestStore store;
  private final AuditLog audit;

  public RequestLog(RequestStore store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  /** The latest committed version of the request, repairing the store if it lags behind the log. */
  public Optional<AccessRequest> load(RequestId id) {
    Optional<AccessRequest> stored = store.find(id);
    List<AuditRecord> newer = audit.forRequest(id, stored.map(AccessRequest::version).orElse(0L));
    if (newer.isEmpty()) {
      return stored;
    }
    for (AuditRecord r : newer) {
      saveQuietly(r.entry().request());
    }
    return Optional.of(newer.get(newer.size() - 1).entry().request());
  }

  /**
   * Commits one state change.
   *
   * @throws StaleVersionException when another writer committed this version first; nothing was
   *     written
   */
  public AccessRequest commit(AuditEntry entry) {
    audit.append(entry);
    saveQuietly(entry.request());
    return entry.request();
  }

  private void saveQuietly(AccessRequest r) {
    try {
      store.save(r);
    } catch (StaleVersionException e) {
      // Another engine saved this or a later version, or the store missed the previous one after a
      // crash.
      Optional<AccessRequest> stored = store.find(r.id());
      if (stored.isEmpty() || stored.get().version() < r.version() - 1) {
        LOG.info("request {} lags behind its audit log; catching up", r.id());
        for (AuditRecord missing :
            audit.forRequest(r.id(), stored.map(AccessRequest::version).orElse(0L))) {
          if (missing.entry().request().version() <= r.version()) {
            trySave(missing.entry().request());
          }
        }
      }
    }
  }

  private void trySave(AccessRequest r) {
    try {
      store.save(r);
    } catch (StaleVersionException ignored) {
      // someone else wrote it
    }
  }
}
