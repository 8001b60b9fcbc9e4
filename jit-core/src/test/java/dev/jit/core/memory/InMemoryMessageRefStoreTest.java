package dev.jit.core.memory;

import dev.jit.spi.MessageRefStore;
import dev.jit.testkit.MessageRefStoreContract;

class InMemoryMessageRefStoreTest extends MessageRefStoreContract {
  @Override
  protected MessageRefStore createStore() {
    return new InMemoryMessageRefStore();
  }
}
