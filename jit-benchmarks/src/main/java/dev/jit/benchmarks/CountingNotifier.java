package dev.jit.benchmarks;

import dev.jit.spi.Notification;
import dev.jit.spi.Notifier;
import java.util.concurrent.atomic.LongAdder;

/**
 * A notifier that only counts. {@code RecordingNotifier} keeps every notification in a
 * copy-on-write list, whose every add copies the whole list: over hundreds of thousands of
 * notifications that alone would dominate a benchmark.
 */
final class CountingNotifier implements Notifier {
  private final LongAdder count = new LongAdder();

  @Override
  public void notify(Notification notification) {
    count.increment();
  }

  long count() {
    return count.sum();
  }
}
