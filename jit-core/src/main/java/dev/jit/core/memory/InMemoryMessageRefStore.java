package dev.jit.core.memory;

import dev.jit.spi.MessageRef;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.RequestId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link MessageRefStore} in memory: for tests and single-process demos. Thread-safe. */
public final class InMemoryMessageRefStore implements MessageRefStore {
  private final Map<RequestId, List<MessageRef>> refs = new ConcurrentHashMap<>();

  @Override
  public void put(MessageRef ref) {
    refs.compute(
        ref.requestId(),
        (id, old) -> {
          List<MessageRef> next = old == null ? new ArrayList<>() : new ArrayList<>(old);
          int same = -1;
          for (int i = 0; i < next.size(); i++) {
            MessageRef r = next.get(i);
            if (r.purpose().equals(ref.purpose()) && r.channel().equals(ref.channel())) {
              same = i;
            }
          }
          if (same >= 0) {
            next.set(same, ref);
          } else {
            next.add(ref);
          }
          return List.copyOf(next);
        });
  }

  @Override
  public List<MessageRef> find(RequestId requestId) {
    return refs.getOrDefault(requestId, List.of());
  }
}
