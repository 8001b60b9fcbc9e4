package dev.jit.benchmarks;

import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full request lifecycles per second on one engine and one thread: submit, two approvals (the
 * second grants three steps inline), then an early revoke by the requester. That is nine committed
 * state changes, nine audit appends, six backend calls and five notifications per operation: what
 * the engine's own bookkeeping costs when the stores and backends cost nothing, the ceiling for any
 * real deployment.
 *
 * <p>Every operation uses the next of {@value #USERS} requesters and fresh idempotency keys, so no
 * submission is refused as a duplicate or as already open. The world is rebuilt before each
 * iteration; {@code history} requests already closed (REVOKED copies of a real request, saved
 * straight into the store) are loaded first, to show how the cost depends on the size of the store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EngineThroughputBenchmark {
  static final int USERS = 100_000;

  /** Closed requests in the store before the iteration starts. */
  @Param({"0", "100000"})
  public int history;

  private BenchWorld world;
  private JitEngine engine;
  private int next;

  @Setup(Level.Iteration)
  public void freshWorld() {
    world = new BenchWorld(USERS);
    engine = world.engine();
    if (history > 0) {
      RequestId id = world.grant(engine, world.users[0]);
      engine.handle(world.revoke(id, world.users[0]));
      AccessRequest closed = world.store.find(id).orElseThrow();
      for (int i = 0; i < history; i++) {
        world.store.save(
            closed.toBuilder()
                .id(new RequestId("history-" + i))
                .version(1)
                .requester(new UserId("UHIST" + i))
                .build());
      }
    }
    next = 0;
  }

  @Benchmark
  public RequestStatus lifecycle() {
    UserId requester = world.users[next];
    // Wrapping round is safe: that requester's previous request was revoked, so it is not open.
    next = (next + 1) % USERS;
    RequestId id = world.grant(engine, requester);
    Outcome revoked = engine.handle(world.revoke(id, requester));
    RequestStatus status = revoked.requireRequest().status();
    if (status != RequestStatus.REVOKED) {
      throw new IllegalStateException("not revoked: " + revoked);
    }
    return status;
  }
}
