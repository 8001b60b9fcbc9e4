package dev.jit.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Something people should hear about.
 *
 * @param request the request as it stands after the event
 * @param recipients who should be told directly; channels and status messages are the notifier's
 *     choice
 * @param detail plain text to show (a reason, a failure); empty when nothing to add
 * @param key names this notification: the engine delivers it at least once, and every delivery of
 *     one notification carries the same key, so a notifier can tell a repeat from a new one (1 to
 *     200 printable ASCII characters)
 */
public record Notification(
    NotificationKind kind,
    AccessRequest request,
    Set<UserId> recipients,
    String detail,
    String key) {
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

  public Notification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(request, "request");
    recipients = Set.copyOf(recipients);
    Objects.requireNonNull(detail, "detail");
    Ids.check("notification key", key, KEY);
  }

  /** A notification keyed by its request, version and kind ({@link #keyOf}). */
  public Notification(
      NotificationKind kind, AccessRequest request, Set<UserId> recipients, String detail) {
    this(kind, request, recipients, detail, keyOf(kind, request));
  }

  /** {@code <request id>/<version>/<kind>}: one notification of a kind per request version. */
  public static String keyOf(NotificationKind kind, AccessRequest request) {
    return request.id().value()
        + "/"
        + request.version()
        + "/"
        + kind.name().toLowerCase(Locale.ROOT);
  }
}
