package dev.jit.k8s.testkit.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Failures a test asked for: the next matching requests are answered with a Status instead. */
public final class Failures {

  /** One injected failure; {@code method} and {@code pathPart} empty match any request. */
  public record Failure(String method, String pathPart, int code, String reason) {
    boolean matches(String m, String path) {
      return (method.isEmpty() || method.equalsIgnoreCase(m))
          && (pathPart.isEmpty() || path.contains(pathPart));
    }
  }

  private final ConcurrentLinkedQueue<Failure> queue = new ConcurrentLinkedQueue<>();

  public void add(Failure failure, int times) {
    for (int i = 0; i < times; i++) {
      queue.add(failure);
    }
  }

  /** Takes the first failure queued for this request, if any. */
  public synchronized Optional<Failure> take(String method, String path) {
    for (Failure f : queue) {
      if (f.matches(method, path)) {
        queue.remove(f);
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public void clear() {
    queue.clear();
  }
}
