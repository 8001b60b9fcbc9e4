package dev.jit.core;

/**
 * Rules for the free text people type (justifications, reasons, tickets), shared by the engine and
 * by user interfaces that validate before submitting, so both refuse the same text.
 */
public final class TextRules {
  private TextRules() {}

  /** The longest ticket reference. */
  public static final int TICKET_MAX = 128;

  /**
   * Whether {@code ticket} is a valid ticket reference: empty, or one word of at most {@link
   * #TICKET_MAX} characters with nothing invisible in it (no space of any kind, no control or
   * formatting character such as the right-to-left override).
   */
  public static boolean isTicket(String ticket) {
    return ticket.length() <= TICKET_MAX
        && !hasInvisibleCharacters(ticket)
        && ticket
            .codePoints()
            .noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }

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
