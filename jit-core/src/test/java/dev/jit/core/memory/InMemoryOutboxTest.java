package dev.jit.core.memory;

import dev.jit.spi.Outbox;
import dev.jit.testkit.OutboxContract;

class InMemoryOutboxTest extends OutboxContract {
  @Override
  protected Outbox createOutbox() {
    return new InMemoryOutbox();
  }
}
