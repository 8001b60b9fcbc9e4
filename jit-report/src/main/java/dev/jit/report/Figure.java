package dev.jit.report;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One summary figure: a count, or a number of seconds; empty when there is nothing to measure (a
 * median of no approvals).
 *
 * @param key a stable snake-case name, for tools
 * @param label what it means, for people
 */
public record Figure(String key, String label, Unit unit, OptionalLong value) {
  /** What the value counts. */
  public enum Unit {
    COUNT,
    SECONDS
  }

  public Figure {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(value, "value");
  }
}
