package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.OWNER3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.memory.InMemoryGrantBackend;
import dev.jit.core.memory.InMemoryGrantBackend.Op;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.GrantStep;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;

class ConcurrencyTest {

  @RepeatedTest(5)
  @DisplayName(
      "50 concurrent approvals over two engines sharing one store grant each step exactly once")
  void concurrentApprovalsGrantOnce() throws Exception {
    EngineWorld f = new EngineWorld();
    JitEngine a = f.engine();
    JitEngine b = f.engine();
    List<RequestId> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      UserId requester = new UserId("UR" + i);
      f.directory.user(
          requester,
          Map.of(
              "okta-login",
              "r" + i + "@example.com",
              "db-user",
              "r" + i,
              "email",
              "r" + i + "@example.com"));
      ids.add(
          a.handle(
                  new Command.Submit(
                      requester,
                      EngineWorld.PROD,
                      EngineWorld.READ,
                      Duration.ofHours(1),
                      EngineWorld.JUSTIFICATION,
                      "",
                      f.key()))
              .requireRequest()
              .id());
    }
    // Five clicks per request: three owners, two of them clicking twice (same key, as a redelivery
    // would).
    List<Command> clicks = new ArrayList<>();
    for (RequestId id : ids) {
      IdempotencyKey k1 = f.key();
      IdempotencyKey k2 = f.key();
      clicks.add(new Command.Approve(id, OWNER1, k1));
      clicks.add(new Command.Approve(id, OWNER1, k1));
      clicks.add(new Command.Approve(id, OWNER2, k2));
      clicks.add(new Command.Approve(id, OWNER2, k2));
      clicks.add(new Command.Approve(id, OWNER3, f.key()));
    }
    Collections.shuffle(clicks, new Random(clicks.hashCode()));
    assertThat(clicks).hasSize(50);

    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Outcome>> results = new ArrayList<>();
    for (int i = 0; i < clicks.size(); i++) {
      JitEngine engine = i % 2 == 0 ? a : b;
      Command click = clicks.get(i);
      results.add(
          pool.submit(
              () -> {
                go.await();
                return engine.handle(click);
              }));
    }
    go.countDown();
    for (Future<Outcome> r : results) {
      r.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (RequestId id : ids) {
      AccessRequest r = f.load(id);
      assertThat(r.status()).isEqualTo(RequestStatus.ACTIVE);
      assertThat(f.actions(id).stream().filter("approved"::equals)).hasSize(1);
      for (GrantStep step : r.steps()) {
        assertThat(successfulGrants(f, step)).as("grants of %s", step).isEqualTo(1);
      }
    }
    f.assertAuditIntact();
  }

  private static long successfulGrants(EngineWorld f, GrantStep step) {
    long n = 0;
    for (InMemoryGrantBackend b : List.of(f.okta, f.db, f.k8s)) {
      n +=
          b.calls().stream()
              .filter(c -> c.op() == Op.GRANT && !c.failed() && c.step().equals(step))
              .count();
    }
    return n;
  }
}
