package dev.jit.app.runtime;

import dev.jit.spi.BreakGlass;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts the engine's events by kind as the real notifier delivers them, so the app has metrics
 * without jit-core knowing about them; a delivery that fails counts in {@code
 * jit_notifications_failed_total} (the engine tries it again). Every counted approval ({@code
 * APPROVAL_RECORDED} and the quorum-completing {@code APPROVED}) also counts in {@code
 * jit_approvals_total}; every break-glass review counts in {@code jit_break_glass_reviews_total} by
 * verdict.
 */
final class MeteredNotifier implements Notifier {
  private final Notifier delegate;
  private final Map<NotificationKind, Counter> events = new EnumMap<>(NotificationKind.class);
  private final Counter approvals;
  private final Counter failures;
  private final Map<BreakGlass.Verdict, Counter> reviews = new EnumMap<>(BreakGlass.Verdict.class);

  MeteredNotifier(Notifier delegate, MeterRegistry registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    for (NotificationKind kind : NotificationKind.values()) {
      events.put(
          kind,
          Counter.builder("jit.events")
              .description(
                  "Request events the engine announced and the notifier delivered, by kind")
              .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    approvals =
        Counter.builder("jit.approvals").description("Approvals counted").register(registry);
    for (BreakGlass.Verdict v : BreakGlass.Verdict.values()) {
      reviews.put(
          v,
          Counter.builder("jit.break_glass.reviews")
              .description("Break-glass uses reviewed, by verdict")
              .tag("verdict", v.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    failures =
        Counter.builder("jit.notifications.failed")
            .description("Deliveries of notifications that failed (each is tried again)")
            .register(registry);
  }

  @Override
  public void notify(Notification n) {
    counted(n, () -> delegate.notify(n));
  }

  @Override
  public void redeliver(Notification n) {
    counted(n, () -> delegate.redeliver(n));
  }

  /** Counts the event once delivered; a failed try counts as a failure (the engine retries it). */
  private void counted(Notification n, Runnable delivery) {
    try {
      delivery.run();
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    }
    events.get(n.kind()).increment();
    if (n.kind() == NotificationKind.APPROVAL_RECORDED || n.kind() == NotificationKind.APPROVED) {
      approvals.increment();
    }
    if (n.kind() == NotificationKind.BREAK_GLASS_REVIEWED) {
      n.request()
          .breakGlass()
          .flatMap(BreakGlass::review)
          .ifPresent(r -> reviews.get(r.verdict()).increment());
    }
  }
}
