package dev.jit.core.internal;

import dev.jit.core.EngineSettings;
import dev.jit.core.Lifecycle.LeaseRenewed;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.JitException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this engine's lease on a request while a backend call on its behalf lasts: the call runs on
 * a worker thread, and every third of {@link EngineSettings#grantLease()} (by the engine's clock)
 * that it goes on the waiting thread commits a {@link LeaseRenewed}, so that no other engine takes
 * the request over from an engine that is still at work, and one that died is taken over within a
 * lease. Only the waiting thread commits, so the request's versions stay in one line.
 */
final class Leases {
  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
  private static final long SLICE_MILLIS = 100;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Commits commits;
  private final Duration renewEvery;
  private final ExecutorService calls =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "jit-backend-call-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  Leases(Commits commits, EngineSettings settings) {
    this.commits = commits;
    this.renewEvery = settings.grantLease().dividedBy(3);
  }

  /** This engine's hold on {@code r}, as just committed by it. */
  Lease hold(AccessRequest r) {
    return new Lease(r);
  }

  /** One request as this engine last committed it, while it works on it. */
  final class Lease {
    private AccessRequest current;
    private boolean lost;

    private Lease(AccessRequest committed) {
      this.current = committed;
    }

    /** The request as this engine last committed it (renewals included). */
    AccessRequest current() {
      return current;
    }

    /**
     * Runs {@code call}, renewing the lease while it lasts, and returns its result or throws what
     * it threw. A renewal another engine beat is not retried: that engine has taken the request
     * over, and this one's next commit fails as stale.
     */
    <T> T call(Supplier<T> call) {
      // Read before the call starts: a clock that moves while the call runs must count towards
      // the next renewal, however late this thread gets to run.
      Instant renewed = commits.now();
      Future<T> running = calls.submit(call::get);
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return running.get(SLICE_MILLIS, TimeUnit.MILLISECONDS);
          } catch (TimeoutException stillRunning) {
            if (!lost && !commits.now().isBefore(renewed.plus(renewEvery))) {
              renewed = commits.now();
              renew();
            }
          } catch (InterruptedException e) {
            // The call may still take effect: wait for it, so nothing undoes it before it lands.
            interrupted = true;
          } catch (ExecutionException e) {
            throw rethrown(e.getCause());
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void renew() {
      Optional<AccessRequest> renewed = commits.tryCommit(current, new LeaseRenewed(), "");
      if (renewed.isPresent()) {
        current = renewed.get();
      } else {
        lost = true;
        LOG.warn("request {}: another engine took it over while a backend call ran", current.id());
      }
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException e) {
      return e;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new JitException("a backend call failed: " + cause, cause);
  }
}
