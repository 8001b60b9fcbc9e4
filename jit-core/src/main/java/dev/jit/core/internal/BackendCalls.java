package dev.jit.core.internal;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.JitException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls grant backends with bounded, backed-off retries of retryable failures (resilience4j), and
 * turns anything unexpected a backend throws into a non-retryable {@link BackendException}: an
 * unknown failure fails closed.
 */
public final class BackendCalls {
  private static final Logger LOG = LoggerFactory.getLogger(BackendCalls.class);

  private final Map<String, GrantBackend> backends;
  private final Retry retry;

  public BackendCalls(Map<String, GrantBackend> backends, int attempts, Duration backoff) {
    this.backends = Map.copyOf(backends);
    this.retry =
        Retry.of(
            "jit-backend",
            RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(backoff, 2.0))
                .retryOnException(e -> e instanceof BackendException b && b.retryable())
                .failAfterMaxAttempts(false)
                .build());
  }

  public Set<String> types() {
    return backends.keySet();
  }

  public boolean has(String type) {
    return backends.containsKey(type);
  }

  /**
   * {@code principal} as backend {@code type} spells it; unchanged when no such backend is
   * registered (the grant then fails closed).
   */
  public String canonical(String type, String principal) {
    GrantBackend b = backends.get(type);
    return b == null ? principal : b.canonicalPrincipal(principal);
  }

  public void grant(Grant grant) {
    call(grant, "grant", b -> b.grant(grant));
  }

  public void revoke(Grant grant) {
    call(grant, "revoke", b -> b.revoke(grant));
  }

  /** Moves the native expiry of one granted step (see {@link GrantBackend#extend}). */
  public void extend(Grant grant, java.time.Instant newExpiry) {
    call(grant, "extend", b -> b.extend(grant, newExpiry));
  }

  /**
   * The backend's view of one grant, retried like the other calls. A failing check throws: the
   * caller treats the grant as unverified and fails closed.
   */
  public GrantCheck check(Grant grant) {
    GrantCheck[] result = {GrantCheck.UNKNOWN};
    call(grant, "check", b -> result[0] = b.check(grant));
    return result[0];
  }

  public Optional<Set<GrantStep>> holdings(String type) {
    return backend(type).holdings();
  }

  private void call(Grant grant, String op, Consumer<GrantBackend> action) {
    GrantBackend backend = backend(grant.step().backend());
    try {
      retry.executeRunnable(() -> action.accept(backend));
    } catch (BackendException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("{} of {} threw unexpectedly", op, grant.step(), e);
      throw new BackendException(
          op
              + " on "
              + backend.type()
              + " failed unexpectedly ("
              + e.getClass().getSimpleName()
              + ")",
          false,
          e);
    }
  }

  private GrantBackend backend(String type) {
    GrantBackend b = backends.get(type);
    if (b == null) {
      throw new JitException("no grant backend of type '" + type + "' is registered");
    }
    return b;
  }
}
