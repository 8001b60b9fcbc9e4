package dev.jit.spi;

import java.util.Objects;

/**
 * Where a message about a request was posted, so that it can be updated as the request moves on: a
 * Slack channel and message timestamp, for example.
 *
 * @param purpose what the message is for ({@code approval}, {@code requester}, …), chosen by the
 *     notifier
 */
public record MessageRef(RequestId requestId, String purpose, String channel, String messageId) {
  public MessageRef {
    Objects.requireNonNull(requestId, "requestId");
    for (String[] f :
        new String[][] {{"purpose", purpose}, {"channel", channel}, {"messageId", messageId}}) {
      Objects.requireNonNull(f[1], f[0]);
      if (f[1].isBlank() || f[1].length() > 255) {
        throw new IllegalArgumentException(f[0] + " must be 1 to 255 characters");
      }
    }
  }
}
