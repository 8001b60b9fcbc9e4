package dev.jit.spi;

import java.util.regex.Pattern;

/** A role that can be requested on a resource, for example {@code read-only}. */
public record RoleName(String value) implements Comparable<RoleName> {
  private static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public RoleName {
    Ids.check("role", value, PATTERN);
  }

  @Override
  public int compareTo(RoleName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
