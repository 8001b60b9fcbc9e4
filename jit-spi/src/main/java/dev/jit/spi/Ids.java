package dev.jit.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation of identifiers, and a safe way to quote a rejected value in an error message. */
public final class Ids {
  private Ids() {}

  static String check(String kind, String value, Pattern pattern) {
    Objects.requireNonNull(value, kind + " must not be null");
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          kind + " '" + printable(value) + "' is not valid: expected " + pattern.pattern());
    }
    return value;
  }

  /** Cuts and neutralises a rejected value so an error message cannot be used to smuggle text. */
  public static String printable(String value) {
    String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints()
        .forEach(
            c ->
                out.append(
                    c < 0x20 || c == 0x7f
                        ? "\\u" + String.format("%04x", c)
                        : Character.toString(c)));
    return out.toString();
  }
}
