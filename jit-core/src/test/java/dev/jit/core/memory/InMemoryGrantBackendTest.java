package dev.jit.core.memory;

import static dev.jit.core.memory.InMemoryGrantBackend.Op.GRANT;
import static dev.jit.core.memory.InMemoryGrantBackend.Op.REVOKE;
import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static dev.jit.testkit.SampleRequests.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jit.core.memory.InMemoryGrantBackend.Call;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.testkit.GrantBackendContract;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryGrantBackendTest extends GrantBackendContract {

  @Override
  protected GrantBackend createBackend() {
    return new InMemoryGrantBackend("okta-group");
  }

  @Override
  protected Grant sampleGrant(int n) {
    return new Grant(id(n), step(n), T0.plus(Duration.ofHours(1)));
  }

  @Override
  protected boolean injectFailure(boolean retryable) {
    memory().failNext(GRANT, 1, retryable);
    return true;
  }

  @Override
  protected long systemCalls() {
    return memory().calls().size();
  }

  private InMemoryGrantBackend memory() {
    return (InMemoryGrantBackend) backend;
  }

  @Nested
  @DisplayName("recording")
  class Recording {

    @Test
    @DisplayName("records every call in order and counts them per step")
    void calls() {
      Grant one = sampleGrant(1);
      Grant two = sampleGrant(2);

      backend.grant(one);
      backend.grant(two);
      backend.grant(one);
      backend.revoke(one);

      assertThat(memory().calls())
          .containsExactly(
              new Call(GRANT, one, false),
              new Call(GRANT, two, false),
              new Call(GRANT, one, false),
              new Call(REVOKE, one, false));
      assertThat(memory().grantCount(one.step())).isEqualTo(2);
      assertThat(memory().revokeCount(one.step())).isEqualTo(1);
      assertThat(memory().revokeCount(two.step())).isZero();
    }

    @Test
    @DisplayName("a step for another backend type is refused")
    void wrongType() {
      Grant other = new Grant(id(1), step("gcp-iam", 1), T0);

      assertThatThrownBy(() -> backend.grant(other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("hold adds a holding without a call, as drift")
    void hold() {
      memory().hold(step(7));

      assertThat(backend.holdings()).hasValueSatisfying(h -> assertThat(h).contains(step(7)));
      assertThat(memory().calls()).isEmpty();
    }
  }

  @Nested
  @DisplayName("fault injection")
  class Faults {

    @Test
    @DisplayName("failNext fails the next calls of one operation without changing holdings")
    void failNext() {
      Grant g = sampleGrant(1);
      memory().failNext(GRANT, 2, true);

      assertThatThrownBy(() -> backend.grant(g))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
      assertThatThrownBy(() -> backend.grant(g)).isInstanceOf(BackendException.class);
      assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);

      backend.grant(g);
      assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);
      assertThat(memory().calls()).extracting(Call::failed).containsExactly(true, true, false);
    }

    @Test
    @DisplayName("failNext of one operation leaves the other alone")
    void failNextOtherOp() {
      Grant g = sampleGrant(1);
      memory().failNext(REVOKE, 1, false);

      backend.grant(g);

      assertThatThrownBy(() -> backend.revoke(g))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse());
      assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);
    }

    @Test
    @DisplayName("failAlways fails until heal")
    void failAlways() {
      Grant g = sampleGrant(1);
      memory().failAlways(GRANT, false);

      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> backend.grant(g)).isInstanceOf(BackendException.class);
      }
      memory().heal();
      backend.grant(g);

      assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);
    }

    @Test
    @DisplayName("failFor fails one step only")
    void failFor() {
      Grant one = sampleGrant(1);
      Grant two = sampleGrant(2);
      memory().failFor(one.step(), GRANT, true);

      assertThatThrownBy(() -> backend.grant(one)).isInstanceOf(BackendException.class);
      backend.grant(two);

      assertThat(backend.check(one)).isEqualTo(GrantCheck.ABSENT);
      assertThat(backend.check(two)).isEqualTo(GrantCheck.HELD);
    }

    @Test
    @DisplayName("failAfterApplying applies the change and then throws a retryable failure")
    void failAfterApplying() {
      Grant g = sampleGrant(1);
      memory().failAfterApplying(GRANT, 1).failAfterApplying(REVOKE, 1);

      assertThatThrownBy(() -> backend.grant(g))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
      assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);

      assertThatThrownBy(() -> backend.revoke(g)).isInstanceOf(BackendException.class);
      assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);

      backend.grant(g);
      assertThat(memory().calls()).extracting(Call::failed).containsExactly(true, true, false);
    }

    @Test
    @DisplayName("a hook that throws simulates a crash: nothing applied, call recorded as failed")
    void hookThrows() {
      Grant g = sampleGrant(1);
      memory()
          .onCall(
              call -> {
                throw new IllegalStateException("crash (test)");
              });

      assertThatThrownBy(() -> backend.grant(g)).isInstanceOf(IllegalStateException.class);

      assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
      assertThat(memory().calls()).containsExactly(new Call(GRANT, g, true));
    }

    @Test
    @DisplayName("a hook can hold a call before it applies")
    void hookBlocks() throws Exception {
      Grant g = sampleGrant(1);
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      memory()
          .onCall(
              call -> {
                entered.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });

      CompletableFuture<Void> granting = CompletableFuture.runAsync(() -> backend.grant(g));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);

      release.countDown();
      granting.get(5, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> backend.check(g) == GrantCheck.HELD);
    }
  }
}
