package dev.jit.spi;

import java.util.regex.Pattern;

/** A resource of the policy catalog, for example {@code prod-payments-db}. */
public record ResourceId(String value) implements Comparable<ResourceId> {
  private static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public ResourceId {
    Ids.check("resource id", value, PATTERN);
  }

  @Override
  public int compareTo(ResourceId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
