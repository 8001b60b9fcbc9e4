package dev.jit.spi;

import java.util.Objects;
import java.util.Set;

/**
 * Something people should hear about.
 *
 * @param request the request as it stands after the event
 * @param recipients who should be told directly; channels and status messages are the notifier's
 *     choice
 * @param detail plain text to show (a reason, a failure); empty when nothing to add
 */
public record Notification(
    NotificationKind kind, AccessRequest request, Set<UserId> recipients, String detail) {
  public Notification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(request, "request");
    recipients = Set.copyOf(recipients);
    Objects.requireNonNull(detail, "detail");
  }
}
