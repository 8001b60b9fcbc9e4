package dev.jit.testkit.engine;

import dev.jit.spi.Outbox;
import dev.jit.spi.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An {@link Outbox} whose process dies when it records a delivery: {@link #remove} throws {@link
 * Died}, after the notifier has delivered and before the outbox knows. The crash that at-least-once
 * delivery must survive without showing anything twice.
 */
public final class DyingOutbox implements Outbox {
  /** What the process dying looks like to the code in flight: an error nothing catches. */
  public static final class Died extends Error {
    private static final long serialVersionUID = 1L;

    public Died() {
      super("simulated death", null, false, false);
    }
  }

  private final Outbox delegate;

  public DyingOutbox(Outbox delegate) {
    this.delegate = delegate;
  }

  @Override
  public void add(OutboxMessage message) {
    delegate.add(message);
  }

  @Override
  public List<OutboxMessage> claim(String claimant, Instant now, Duration lease, int limit) {
    return delegate.claim(claimant, now, lease, limit);
  }

  @Override
  public void remove(String key) {
    throw new Died();
  }

  @Override
  public void release(String key, String claimant, Instant notBefore) {
    delegate.release(key, claimant, notBefore);
  }

  @Override
  public List<OutboxMessage> waiting(int limit) {
    return delegate.waiting(limit);
  }
}
