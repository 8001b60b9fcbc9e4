package dev.jit.spi;

import java.util.List;

/**
 * Remembers the messages a notifier posted about each request, so that the original approval
 * message can always show the current status, also after a restart or from another instance.
 * Thread-safe.
 */
public interface MessageRefStore {

  /**
   * Remembers {@code ref}. Idempotent: storing a ref with the same request, purpose and channel
   * replaces the message id stored for them.
   */
  void put(MessageRef ref);

  /** The messages posted about the request, in the order they were first stored. */
  List<MessageRef> find(RequestId requestId);
}
