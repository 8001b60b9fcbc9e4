package dev.jit.spi;

/**
 * Tells people what happened (jit-slack posts messages and DMs). Called after the state change is
 * committed.
 *
 * <p>Best effort from the engine's side: the engine logs and swallows failures, because the request
 * state is the truth and a notifier that cannot reach its service must not block a revocation.
 * Implementations that must not lose messages retry on their own. Thread-safe.
 */
@FunctionalInterface
public interface Notifier {

  void notify(Notification notification);
}
