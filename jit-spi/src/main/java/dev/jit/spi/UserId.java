package dev.jit.spi;

import java.util.regex.Pattern;

/**
 * A person as the chat system knows them, for example a Slack user id such as {@code U024BE7LH}.
 */
public record UserId(String value) implements Comparable<UserId> {
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

  public UserId {
    Ids.check("user id", value, PATTERN);
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
