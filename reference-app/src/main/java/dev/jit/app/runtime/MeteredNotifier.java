package dev.jit.app.runtime;

import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts the engine's events by kind on their way to the real notifier, so the app has metrics
 * without jit-core knowing about them. Every counted approval ({@code APPROVAL_RECORDED} and the
 * quorum-completing {@code APPROVED}) also counts in {@code jit_approvals_total}.
 */
final class MeteredNotifier implements Notifier {
  private final Notifier delegate;
  private final Map<NotificationKind, Counter> events = new EnumMap<>(NotificationKind.class);
  private final Counter approvals;
  private final Counter failures;

  MeteredNotifier(Notifier delegate, MeterRegistry registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    for (NotificationKind kind : NotificationKind.values()) {
      events.put(
          kind,
          Counter.builder("jit.events")
              .description("Request events the engine announced, by kind")
              .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    approvals =
        Counter.builder("jit.approvals").description("Approvals counted").register(registry);
    failures =
        Counter.builder("jit.notifications.failed")
            .description("Notifications the notifier failed to deliver")
            .register(registry);
  }

  @Override
  public void notify(Notification n) {
    events.get(n.kind()).increment();
    if (n.kind() == NotificationKind.APPROVAL_RECORDED || n.kind() == NotificationKind.APPROVED) {
      approvals.increment();
    }
    try {
      delegate.notify(n);
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    }
  }
}
