package dev.jit.spi;

import java.util.Objects;

/**
 * One thing wrong with a configuration or a grant step, found before anything runs.
 *
 * @param key where the problem is, relative to what was checked: {@code target.role}, {@code
 *     principal}, {@code roles[2]}
 * @param message what is wrong, in a sentence a person configuring jit can act on; never a secret
 */
public record Problem(String key, String message) {
  public Problem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return key + ": " + message;
  }
}
