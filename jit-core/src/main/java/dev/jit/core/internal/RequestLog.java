package dev.jit.core.internal;

import dev.jit.core.audit.History;
import dev.jit.core.policy.Policy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStore;
import dev.jit.spi.StaleVersionException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 *
 * <p>The log is only taken as the truth when it deserves it: a record is adopted only if its hash
 * is its content's, it links to the record before it, and it is a legal step of the request after
 * the version before ({@link History}) — so a record that someone who can write the audit table
 * inserted, correctly hashed and linked, is still refused if it moves a request where jit never
 * would (extends an expiry, skips the quorum). The stored version is checked against its own audit
 * record too, so a store row edited behind jit's back is not acted on. Each refusal is reported to
 * the {@code suspicious} callback, and the request stays at its last trusted version.
 */
public final class RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  /**
   * A record the log holds that jit refuses to act on, and why.
   *
   * @param trusted the last version that passed every check, which the engine goes on from
   */
  public record Suspicious(
      RequestId request, Optional<AccessRequest> trusted, long sequence, String problem) {}

  private final RequestStore store;
  private final AuditLog audit;
  private final Supplier<Optional<Policy>> policy;
  private final Consumer<Suspicious> suspicious;

  public RequestLog(RequestStore store, AuditLog audit) {
    this(store, audit, Optional::empty, s -> {});
  }

  public RequestLog(
      RequestStore store,
      AuditLog audit,
      Supplier<Optional<Policy>> policy,
      Consumer<Suspicious> suspicious) {
    this.store = store;
    this.audit = audit;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.suspicious = Objects.requireNonNull(suspicious, "suspicious");
  }

  /**
   * The latest trustworthy version of the request, repairing the store if it lags behind the log.
   */
  public Optional<AccessRequest> load(RequestId id) {
    Optional<AccessRequest> stored = store.find(id);
    List<AuditRecord> records = audit.forRequest(id, stored.map(r -> r.version() - 1).orElse(0L));
    Optional<AccessRequest> trusted = stored;
    List<AuditRecord> adopt = records;
    if (stored.isPresent()) {
      boolean own =
          !records.isEmpty()
              && records.get(0).entry().request().version() == stored.get().version();
      if (own
          && AuditChain.canonical(records.get(0).entry().request())
              .equals(AuditChain.canonical(stored.get()))) {
        adopt = records.subList(1, records.size());
      } else {
        // The store holds a version the log did not commit, or not as committed: replay the log.
        report(
            id,
            Optional.empty(),
            own ? records.get(0).sequence() : 0,
            own
                ? "the stored request differs from its audit record"
                : "the stored version " + stored.get().version() + " has no audit record");
        trusted = Optional.empty();
        adopt = audit.forRequest(id, 0);
      }
    }
    for (AuditRecord r : adopt) {
      Optional<String> problem = problem(r, trusted);
      if (problem.isPresent()) {
        report(id, trusted, r.sequence(), problem.get());
        return trusted;
      }
      if (stored.isEmpty() || r.entry().request().version() > stored.get().version()) {
        saveQuietly(r.entry().request());
      }
      trusted = Optional.of(r.entry().request());
    }
    return trusted;
  }

  /** What is wrong with adopting {@code r} after {@code before}; empty when it can be adopted. */
  private Optional<String> problem(AuditRecord r, Optional<AccessRequest> before) {
    if (!AuditChain.hash(r).equals(r.hash())) {
      return Optional.of("record " + r.sequence() + " does not match its hash");
    }
    if (r.sequence() > 1) {
      List<AuditRecord> prior = audit.read(r.sequence() - 1, 1);
      if (prior.isEmpty() || !prior.get(0).hash().equals(r.previousHash())) {
        return Optional.of("record " + r.sequence() + " does not link to the record before it");
      }
    }
    return History.problem(before, r.entry(), policy.get());
  }

  private void report(
      RequestId id, Optional<AccessRequest> trusted, long sequence, String problem) {
    LOG.error(
        "security: request {} stays at version {}: audit record {} is refused: {}",
        id,
        trusted.map(AccessRequest::version).orElse(0L),
        sequence,
        problem);
    try {
      suspicious.accept(new Suspicious(id, trusted, sequence, problem));
    } catch (RuntimeException e) {
      LOG.error("handling the refused record of {} failed", id, e);
    }
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

  /**
   * {@link #commit} when the store and the log commit in one transaction: the store row first, so
   * the audit append, which locks the chain head until the commit, comes last. A version another
   * writer took fails the append, and the whole transaction with it.
   */
  public AccessRequest commitTogether(AuditEntry entry) {
    saveQuietly(entry.request());
    audit.append(entry);
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
