package dev.jit.spi;

/**
 * Tells people what happened (jit-slack posts messages and DMs).
 *
 * <p>The engine delivers every notification at least once through its {@link Outbox}: only after
 * the state change it belongs to is committed, in order per request, from whichever engine instance
 * is alive. {@link #notify} returning normally means the notification is delivered; throwing means
 * "not (fully) delivered, try again later", and the engine retries it with backoff until it
 * returns. A notification that can never be delivered (a person who left) should be logged and
 * returned from, not thrown, or it holds back the later notifications of its request.
 *
 * <p>The request state is the truth: a notifier that cannot reach its service never blocks a grant
 * or a revocation. Thread-safe.
 */
@FunctionalInterface
public interface Notifier {

  /** Delivers {@code notification}; throws when it should be tried again later. */
  void notify(Notification notification);

  /**
   * Delivers a notification that an earlier attempt may already have delivered, in part or in full
   * (it failed, or the process stopped before the delivery was recorded). Implementations that can
   * should check for what is already there (by {@link Notification#key()}) and not show it twice;
   * the default delivers again.
   */
  default void redeliver(Notification notification) {
    notify(notification);
  }
}
