package dev.jit.core;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestStore;
import dev.jit.testkit.ForwardingAuditLog;
import dev.jit.testkit.ForwardingGrantBackend;
import dev.jit.testkit.ForwardingRequestStore;
import dev.jit.testkit.engine.EngineWorld;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills the engine at a chosen point: the n-th call into the store, the audit log or a backend,
 * before or after the call takes effect, throws {@link Crash}. An {@link Error} is what a dying
 * process looks like to the code in flight: the engine catches none, so whatever was half done
 * stays half done.
 */
final class Crashes {
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(String where) {
      super("simulated crash " + where, null, false, false);
    }
  }

  private final AtomicInteger countdown = new AtomicInteger(-1);
  private final AtomicInteger ticks = new AtomicInteger();
  private volatile String crashedAt = "";

  /** Crash at the n-th point from now (1-based); 0 disarms. */
  void armAt(int n) {
    countdown.set(n);
  }

  int ticks() {
    return ticks.get();
  }

  String crashedAt() {
    return crashedAt;
  }

  boolean crashed() {
    return !crashedAt.isEmpty();
  }

  void clear() {
    crashedAt = "";
  }

  private void tick(String where) {
    ticks.incrementAndGet();
    if (countdown.get() > 0 && countdown.decrementAndGet() == 0) {
      crashedAt = where;
      throw new Crash(where);
    }
  }

  RequestStore store(RequestStore delegate) {
    return new ForwardingRequestStore(delegate) {
      @Override
      public void save(AccessRequest request) {
        tick("before store.save v" + request.version());
        super.save(request);
        tick("after store.save v" + request.version());
      }
    };
  }

  AuditLog audit(AuditLog delegate) {
    return new ForwardingAuditLog(delegate) {
      @Override
      public AuditRecord append(AuditEntry entry) {
        tick("before audit " + entry.action());
        AuditRecord r = super.append(entry);
        tick("after audit " + entry.action());
        return r;
      }
    };
  }

  /** An engine of {@code world} whose store, audit log and backends crash when this says so. */
  JitEngine engine(EngineWorld world) {
    return engine(world, JitEngine.DEFAULT_INSTANCE_ID);
  }

  /** As {@link #engine(EngineWorld)}, as engine instance {@code instance}. */
  JitEngine engine(EngineWorld world, String instance) {
    return world
        .parts(store(world.store), audit(world.audit))
        .instanceId(instance)
        .backend(backend(world.okta))
        .backend(backend(world.db))
        .backend(backend(world.k8s))
        .build();
  }

  GrantBackend backend(GrantBackend delegate) {
    return new GrantBackend() {
      @Override
      public String type() {
        return delegate.type();
      }

      @Override
      public void grant(Grant grant) {
        tick("before grant " + grant.step());
        delegate.grant(grant);
        tick("after grant " + grant.step());
      }

      @Override
      public void revoke(Grant grant) {
        tick("before revoke " + grant.step());
        delegate.revoke(grant);
        tick("after revoke " + grant.step());
      }

      @Override
      public GrantCheck check(Grant grant) {
        return delegate.check(grant);
      }

      @Override
      public Optional<Set<GrantStep>> holdings() {
        return delegate.holdings();
      }
    };
  }

  /** A backend whose process dies right after the grant took effect. */
  static final class DiesAfterGranting extends ForwardingGrantBackend {
    DiesAfterGranting(GrantBackend delegate) {
      super(delegate);
    }

    @Override
    public void grant(Grant grant) {
      super.grant(grant);
      throw new Crash("after granting " + grant.step());
    }
  }
}
