package dev.jit.spi;

/** What a backend can tell about one grant. */
public enum GrantCheck {
  /** The access is in place. */
  HELD,
  /** The access is not in place. */
  ABSENT,
  /** The backend cannot tell (no read API, or not implemented). */
  UNKNOWN
}
