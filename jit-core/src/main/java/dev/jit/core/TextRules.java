package dev.jit.core;

/**
 * Rules for the free text people type (justifications, reasons), shared by the engine and by user
 * interfaces that validate before submitting, so both refuse the same text.
 */
public final class TextRules {
  private TextRules() {}

  /**
   * Whether {@code text} holds control characters other than newline and tab, invisible formatting
   * characters (such as the right-to-left override, which can disguise text) or unpaired
   * surrogates.
   */
  public static boolean hasInvisibleCharacters(String text) {
    return text.codePoints()
        .anyMatch(
            c ->
                (Character.isISOControl(c) && c != '\n' && c != '\t')
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.SURROGATE);
  }
}
