package dev.jit.spi;

import java.util.regex.Pattern;

/**
 * Names one intent of a person or system, for example a Slack action's {@code action_ts} plus user.
 * Repeating a command with the same key is a no-op that returns the first outcome.
 */
public record IdempotencyKey(String value) {
  private static final Pattern PATTERN = Pattern.compile("[\\x21-\\x7e]{1,200}");

  public IdempotencyKey {
    Ids.check("idempotency key", value, PATTERN);
  }

  @Override
  public String toString() {
    return value;
  }
}
