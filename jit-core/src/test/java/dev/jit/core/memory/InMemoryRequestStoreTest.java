package dev.jit.core.memory;

import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static dev.jit.testkit.SampleRequests.pending;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.RequestStore;
import dev.jit.testkit.RequestStoreContract;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryRequestStoreTest extends RequestStoreContract {

  @Override
  protected RequestStore createStore() {
    return new InMemoryRequestStore();
  }

  @Test
  @DisplayName("a negative limit is refused")
  void negativeLimit() {
    store.save(pending(id(1), T0));

    assertThatThrownBy(() -> store.findDue(T0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.findByStatus(Set.of(), Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
