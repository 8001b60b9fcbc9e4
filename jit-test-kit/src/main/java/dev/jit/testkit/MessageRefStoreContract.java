package dev.jit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.MessageRef;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.RequestId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract of {@link MessageRefStore}. Subclass it and return a fresh, empty store. */
public abstract class MessageRefStoreContract {
  private MessageRefStore store;

  protected abstract MessageRefStore createStore();

  @BeforeEach
  void setUp() {
    store = createStore();
  }

  @Test
  @DisplayName("an unknown request has no messages")
  void unknown() {
    assertThat(store.find(new RequestId("nothing-here"))).isEmpty();
  }

  @Test
  @DisplayName("messages come back per request in the order they were first stored")
  void order() {
    RequestId id = SampleRequests.id(1);
    MessageRef a = new MessageRef(id, "approval", "C1", "1700000000.000100");
    MessageRef b = new MessageRef(id, "approval", "D2", "1700000000.000200");
    MessageRef other = new MessageRef(SampleRequests.id(2), "approval", "C1", "1700000000.000300");
    store.put(a);
    store.put(b);
    store.put(other);
    assertThat(store.find(id)).containsExactly(a, b);
  }

  @Test
  @DisplayName("storing the same request, purpose and channel again replaces the message id")
  void replace() {
    RequestId id = SampleRequests.id(3);
    store.put(new MessageRef(id, "approval", "C1", "1.1"));
    store.put(new MessageRef(id, "requester", "C1", "1.2"));
    store.put(new MessageRef(id, "approval", "C1", "1.3"));
    assertThat(store.find(id))
        .containsExactly(
            new MessageRef(id, "approval", "C1", "1.3"),
            new MessageRef(id, "requester", "C1", "1.2"));
  }
}
