package dev.jit.core.policy;

import java.util.List;

/**
 * A key that the record being read does not have: a typo must not silently drop a restriction. It
 * carries the keys that are allowed there, so a message can list them.
 */
public final class UnknownFieldException extends InvalidFieldException {
  private static final long serialVersionUID = 1L;

  private final List<String> known;

  public UnknownFieldException(String field, List<String> known) {
    super(field, "unknown field (expected one of " + known + ")");
    this.known = List.copyOf(known);
  }

  /** The keys allowed where the unknown one is, sorted. */
  public List<String> known() {
    return known;
  }
}
