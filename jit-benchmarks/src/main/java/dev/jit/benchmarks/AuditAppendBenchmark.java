package dev.jit.benchmarks;

import dev.jit.core.JitEngine;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link InMemoryAuditLog#append}: every state change of every request is one append,
 * and appends take the log's single write lock while computing the SHA-256 of the record's
 * canonical form, so this bounds how many state changes per second one log can commit however many
 * threads the engine runs on. Measured with one and with two threads (the machine's cores), next to
 * {@link AuditChain#hash} alone and to the cost of building the entry, which the append figures
 * include.
 *
 * <p>The entry is a real request snapshot (an ACTIVE request with two approvals and three steps,
 * made by the engine) given a fresh version for every append, since the log refuses a second entry
 * for one request version. The log is replaced before each iteration so that it does not grow
 * without bound.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AuditAppendBenchmark {
  private AccessRequest template;
  private AuditRecord record;
  private InMemoryAuditLog log;
  private final AtomicLong versions = new AtomicLong();

  @Setup(Level.Trial)
  public void snapshot() {
    BenchWorld world = new BenchWorld(1);
    JitEngine engine = world.engine();
    RequestId id = world.grant(engine, world.users[0]);
    template = world.store.find(id).orElseThrow();
    record =
        AuditChain.link(
            1, new AuditEntry(BenchWorld.START, "granted", "system", "", template), "0".repeat(64));
  }

  @Setup(Level.Iteration)
  public void freshLog() {
    log = new InMemoryAuditLog();
  }

  private AuditEntry nextEntry() {
    AccessRequest r = template.toBuilder().version(versions.incrementAndGet()).build();
    return new AuditEntry(BenchWorld.START, "granted", "system", "", r);
  }

  /** Builds the entry an append gets, without appending: subtract it from the append figures. */
  @Benchmark
  public AuditEntry buildEntryOnly() {
    return nextEntry();
  }

  /** Canonical form plus SHA-256 of one record: the part of an append done under the lock. */
  @Benchmark
  public String hashOnly() {
    return AuditChain.hash(record);
  }

  /** One thread appending. */
  @Benchmark
  public AuditRecord append() {
    return log.append(nextEntry());
  }

  /** Two threads appending to the same log (contending for its write lock). */
  @Benchmark
  @Threads(2)
  public AuditRecord append2Threads() {
    return log.append(nextEntry());
  }
}
