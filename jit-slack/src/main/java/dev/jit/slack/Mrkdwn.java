package dev.jit.slack;

import com.slack.api.model.block.composition.MarkdownTextObject;
import dev.jit.spi.UserId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Safe mrkdwn. Slack reads {@code <…>} as control sequences (mentions, {@code <!channel>}, links),
 * so text people typed must go through {@link #escape} before it is placed in mrkdwn, and the text
 * object must be {@code verbatim} so that Slack does not auto-link URLs and channel names in it.
 */
public final class Mrkdwn {
  private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
  private static final String[] ENTITIES = {"&amp;", "&lt;", "&gt;"};

  /** Appended by {@link #truncate} when it cuts. */
  public static final String ELLIPSIS = "…";

  private Mrkdwn() {}

  /** Replaces exactly {@code &}, {@code <} and {@code >} with their entities, as Slack asks. */
  public static String escape(String text) {
    Objects.requireNonNull(text, "text");
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} cut to at most {@code max} UTF-16 units, with {@link #ELLIPSIS} appended when cut.
   * The cut never splits a surrogate pair or an entity made by {@link #escape}; truncate after
   * escaping, so that the entities count towards the limit.
   */
  public static String truncate(String text, int max) {
    Objects.requireNonNull(text, "text");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    if (text.length() <= max) {
      return text;
    }
    int cut = max - ELLIPSIS.length();
    if (cut > 0
        && Character.isLowSurrogate(text.charAt(cut))
        && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    int amp = text.lastIndexOf('&', cut - 1);
    if (amp >= 0) {
      for (String entity : ENTITIES) {
        if (text.startsWith(entity, amp) && amp + entity.length() > cut) {
          cut = amp;
          break;
        }
      }
    }
    return text.substring(0, Math.max(cut, 0)) + ELLIPSIS;
  }

  /** {@link #escape escaped}, then {@link #truncate truncated}. */
  public static String escape(String text, int max) {
    return truncate(escape(text), max);
  }

  /**
   * A verbatim mrkdwn text object for text the renderers composed; any user-supplied part of it
   * must already be {@link #escape escaped}.
   */
  public static MarkdownTextObject text(String mrkdwn) {
    return MarkdownTextObject.builder().text(mrkdwn).verbatim(true).build();
  }

  /** A verbatim mrkdwn text object holding {@code userText} escaped and cut to {@code max}. */
  public static MarkdownTextObject userText(String userText, int max) {
    return text(escape(userText, max));
  }

  /**
   * A mention ({@code <@U123>}) when {@code user} is a Slack user id, otherwise the id as escaped
   * text: only ids of the form {@code [UW][A-Z0-9]{2,}} become control sequences.
   */
  public static String mention(UserId user) {
    String id = user.value();
    return SLACK_USER.matcher(id).matches() ? "<@" + id + ">" : escape(id);
  }

  /** Already escaped text with every line prefixed by the mrkdwn quote marker. */
  public static String quote(String escapedText) {
    return "> " + escapedText.replace("\n", "\n> ");
  }

  /**
   * {@link #quote Quoted} and {@link #truncate truncated} to {@code max}, without leaving half a
   * quote marker on the last line.
   */
  public static String quote(String escapedText, int max) {
    String cut = truncate(quote(escapedText), max);
    return cut.endsWith("\n>" + ELLIPSIS)
        ? cut.substring(0, cut.length() - 1 - ELLIPSIS.length()) + ELLIPSIS
        : cut;
  }
}
