package dev.jit.core.memory;

import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import dev.jit.spi.RequestId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Notifier} that keeps every notification, in the order received. Thread-safe. */
public final class RecordingNotifier implements Notifier {
  private final List<Notification> received = new CopyOnWriteArrayList<>();

  @Override
  public void notify(Notification notification) {
    received.add(Objects.requireNonNull(notification, "notification"));
  }

  /** Every notification so far, oldest first. */
  public List<Notification> all() {
    return List.copyOf(received);
  }

  /** The notifications of one kind, oldest first. */
  public List<Notification> of(NotificationKind kind) {
    return received.stream().filter(n -> n.kind() == kind).toList();
  }

  /** The notifications about one request, oldest first. */
  public List<Notification> forRequest(RequestId id) {
    return received.stream().filter(n -> n.request().id().equals(id)).toList();
  }

  /** Forgets everything received so far. */
  public void clear() {
    received.clear();
  }
}
