package dev.jit.report.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;

/** Escaping and formatting for the HTML page. */
public final class Html {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private Html() {}

  /** Text safe in an element or a double-quoted attribute. */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** An instant to the minute, UTC, for people. */
  public static String minute(Instant at) {
    return MINUTE.format(at) + "Z";
  }

  /**
   * Seconds for people: {@code 1h 2m}, {@code 4m 30s}, {@code 5m}, {@code 12s}; a dash for none.
   */
  public static String seconds(OptionalLong seconds) {
    if (seconds.isEmpty()) {
      return "—";
    }
    long s = seconds.getAsLong();
    String sign = s < 0 ? "-" : "";
    Duration d = Duration.ofSeconds(Math.abs(s));
    if (d.toHours() > 0) {
      return sign + d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    if (d.toMinutes() > 0) {
      return sign
          + d.toMinutes()
          + "m"
          + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + "s");
    }
    return sign + d.getSeconds() + "s";
  }
}
