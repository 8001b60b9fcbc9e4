package dev.jit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification waiting in the {@link Outbox}.
 *
 * @param notification what to deliver; its {@link Notification#key() key} identifies the message
 * @param createdAt when it was added
 * @param attempts how often it was claimed so far (0 when added)
 * @param notBefore when it may be claimed (again)
 */
public record OutboxMessage(
    Notification notification, Instant createdAt, int attempts, Instant notBefore) {
  public OutboxMessage {
    Objects.requireNonNull(notification, "notification");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(notBefore, "notBefore");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }

  /** A new message, due at once. */
  public static OutboxMessage of(Notification notification, Instant now) {
    return new OutboxMessage(notification, now, 0, now);
  }

  public String key() {
    return notification.key();
  }

  public RequestId requestId() {
    return notification.request().id();
  }
}
