package dev.jit.spi;

import java.util.regex.Pattern;

/**
 * A group of people in the chat system, for example a Slack user group id such as {@code
 * S0614TZR7}.
 */
public record GroupId(String value) implements Comparable<GroupId> {
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

  public GroupId {
    Ids.check("group id", value, PATTERN);
  }

  @Override
  public int compareTo(GroupId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
