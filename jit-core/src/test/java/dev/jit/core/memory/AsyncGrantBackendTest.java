package dev.jit.core.memory;

import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static dev.jit.testkit.SampleRequests.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.testkit.AsyncGrantBackend;
import dev.jit.testkit.GrantBackendContract;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The test kit's asynchronous backend keeps the grant-backend contract, and plays its platform. */
class AsyncGrantBackendTest extends GrantBackendContract {

  @Override
  protected GrantBackend createBackend() {
    return new AsyncGrantBackend("okta-group", 2);
  }

  @Override
  protected Grant sampleGrant(int n) {
    return new Grant(id(n), step(n), T0.plus(Duration.ofHours(1)));
  }

  private AsyncGrantBackend async() {
    return (AsyncGrantBackend) backend;
  }

  @Nested
  @DisplayName("as a platform")
  class Platform {

    @Test
    @DisplayName("an operation is in progress for the configured number of checks, then done")
    void pendingThenHeld() {
      Grant g = sampleGrant(1);
      backend.grant(g);

      assertThat(backend.check(g)).isEqualTo(GrantCheck.PENDING);
      assertThat(backend.check(g)).isEqualTo(GrantCheck.PENDING);
      assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);
      assertThat(backend.holdings().orElseThrow()).containsExactly(g.step());
    }

    @Test
    @DisplayName("a scripted failure is thrown by the check that ends the operation, permanently")
    void failure() {
      Grant g = sampleGrant(1);
      async().checksUntilDone(0).failNextGrant("quota");
      backend.grant(g);

      assertThatThrownBy(() -> backend.check(g))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("FAILED: quota");
              });
      assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
    }

    @Test
    @DisplayName("removing while a creation is in progress is a retryable conflict")
    void conflict() {
      Grant g = sampleGrant(1);
      backend.grant(g);

      assertThatThrownBy(() -> backend.revoke(g))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }
}
