package dev.jit.benchmarks;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.Scheduler;
import dev.jit.spi.TimerKey;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A simple timing breakdown: wrappers of the store, the audit log and the scheduler that add up the
 * wall time and the number of calls of each SPI method the engine makes, so that a slow run shows
 * where its time goes without a profiler. Thread-safe.
 */
final class Breakdown {
  enum Call {
    STORE_SAVE,
    STORE_FIND,
    STORE_FIND_BY_STATUS,
    STORE_FIND_DUE,
    STORE_FIND_BY_REQUESTER,
    AUDIT_APPEND,
    AUDIT_READ,
    AUDIT_FOR_REQUEST,
    SCHEDULER_SCHEDULE,
    SCHEDULER_CANCEL
  }

  private final Map<Call, LongAdder> nanos = new EnumMap<>(Call.class);
  private final Map<Call, LongAdder> counts = new EnumMap<>(Call.class);

  Breakdown() {
    for (Call c : Call.values()) {
      nanos.put(c, new LongAdder());
      counts.put(c, new LongAdder());
    }
  }

  void reset() {
    nanos.values().forEach(LongAdder::reset);
    counts.values().forEach(LongAdder::reset);
  }

  private <T> T time(Call call, Supplier<T> body) {
    long start = System.nanoTime();
    try {
      return body.get();
    } finally {
      nanos.get(call).add(System.nanoTime() - start);
      counts.get(call).increment();
    }
  }

  private void time(Call call, Runnable body) {
    time(
        call,
        () -> {
          body.run();
          return null;
        });
  }

  /** One line per SPI method called, slowest in total first, against {@code totalNanos}. */
  String report(long totalNanos) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "    %-24s %10s %12s %12s %7s%n",
            "call",
            "calls",
            "total ms",
            "µs/call",
            "share"));
    nanos.entrySet().stream()
        .filter(e -> counts.get(e.getKey()).sum() > 0)
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .forEach(
            e -> {
              long n = counts.get(e.getKey()).sum();
              long t = e.getValue().sum();
              out.append(
                  String.format(
                      Locale.ROOT,
                      "    %-24s %10d %12.1f %12.2f %6.1f%%%n",
                      e.getKey().name().toLowerCase(Locale.ROOT),
                      n,
                      t / 1e6,
                      t / 1e3 / n,
                      100.0 * t / totalNanos));
            });
    return out.toString();
  }

  RequestStore store(RequestStore d) {
    return new RequestStore() {
      @Override
      public void save(AccessRequest request) {
        time(Call.STORE_SAVE, () -> d.save(request));
      }

      @Override
      public Optional<AccessRequest> find(RequestId id) {
        return time(Call.STORE_FIND, () -> d.find(id));
      }

      @Override
      public List<AccessRequest> findByStatus(
          Set<RequestStatus> statuses, Optional<RequestId> after, int limit) {
        return time(Call.STORE_FIND_BY_STATUS, () -> d.findByStatus(statuses, after, limit));
      }

      @Override
      public List<AccessRequest> findDue(Instant at, int limit) {
        return time(Call.STORE_FIND_DUE, () -> d.findDue(at, limit));
      }

      @Override
      public List<AccessRequest> findByRequester(
          UserId requester, Set<RequestStatus> statuses, int limit) {
        return time(
            Call.STORE_FIND_BY_REQUESTER, () -> d.findByRequester(requester, statuses, limit));
      }
    };
  }

  AuditLog audit(AuditLog d) {
    return new AuditLog() {
      @Override
      public AuditRecord append(AuditEntry entry) {
        return time(Call.AUDIT_APPEND, () -> d.append(entry));
      }

      @Override
      public List<AuditRecord> read(long fromSequence, int limit) {
        return time(Call.AUDIT_READ, () -> d.read(fromSequence, limit));
      }

      @Override
      public List<AuditRecord> forRequest(RequestId id, long afterVersion) {
        return time(Call.AUDIT_FOR_REQUEST, () -> d.forRequest(id, afterVersion));
      }
    };
  }

  Scheduler scheduler(Scheduler d) {
    return new Scheduler() {
      @Override
      public void schedule(TimerKey key, Instant dueAt) {
        time(Call.SCHEDULER_SCHEDULE, () -> d.schedule(key, dueAt));
      }

      @Override
      public void cancel(TimerKey key) {
        time(Call.SCHEDULER_CANCEL, () -> d.cancel(key));
      }

      @Override
      public void start(TimerHandler handler) {
        d.start(handler);
      }

      @Override
      public void stop() {
        d.stop();
      }
    };
  }
}
