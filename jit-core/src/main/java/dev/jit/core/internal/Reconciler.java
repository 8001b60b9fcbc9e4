package dev.jit.core.internal;

import dev.jit.core.Lifecycle;
import dev.jit.core.ReconciliationReport;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The drift sweep: revokes what backends hold that no request may hold. */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final int PAGE = 500;

  private final BackendCalls backends;
  private final RequestStore store;
  private final Clock clock;

  public Reconciler(BackendCalls backends, RequestStore store, Clock clock) {
    this.backends = backends;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Compares what each listing backend holds with the requests that may hold access, and revokes
   * what nothing backs. Holdings are read before requests, so a grant that starts meanwhile is
   * never mistaken for drift.
   */
  public ReconciliationReport run() {
    Map<String, Set<GrantStep>> held = new HashMap<>();
    List<String> unlisted = new ArrayList<>();
    for (String type : backends.types()) {
      try {
        Optional<Set<GrantStep>> h = backends.holdings(type);
        if (h.isPresent()) {
          held.put(type, h.get());
        } else {
          unlisted.add(type);
        }
      } catch (RuntimeException e) {
        LOG.warn("backend {} could not list its holdings", type, e);
        unlisted.add(type);
      }
    }
    Set<GrantStep> backed = new HashSet<>();
    Optional<RequestId> after = Optional.empty();
    while (true) {
      List<AccessRequest> page = store.findByStatus(Lifecycle.OPEN, after, PAGE);
      for (AccessRequest r : page) {
        if (r.status().mayHoldAccess()) {
          backed.addAll(r.steps().subList(0, Lifecycle.stepsPossiblyApplied(r)));
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    List<GrantStep> revoked = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    RequestId sweepId = new RequestId("reconciliation");
    held.forEach(
        (type, steps) -> {
          for (GrantStep step : steps) {
            if (!backed.contains(step)) {
              try {
                backends.revoke(new Grant(sweepId, step, now));
                revoked.add(step);
                LOG.warn("revoked {}: held without an active request", step);
              } catch (JitException e) {
                failures.add(step + ": " + e.getMessage());
                LOG.error("could not revoke drifted {}", step, e);
              }
            }
          }
        });
    return new ReconciliationReport(revoked, failures, unlisted);
  }
}
