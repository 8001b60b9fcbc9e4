package dev.jit.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way jit reads and writes durations, in the policy, the reference app's settings, the
 * engine's messages and the Slack surfaces: {@code 200ms}, {@code 90s}, {@code 15m}, {@code 1h30m},
 * {@code 2d}, {@code 1d12h} — whole numbers with units in that order, each at most once — or
 * ISO-8601 ({@code PT30M}).
 */
public final class Durations {
  private static final Pattern HUMAN =
      Pattern.compile(
          "(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");
  private static final long[] MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};

  private Durations() {}

  /** The duration {@code text} writes, or empty when it is neither form (or overflows). */
  public static Optional<Duration> parse(String text) {
    String t = text.strip();
    try {
      if (t.matches("[-+]?[Pp].*")) {
        return Optional.of(Duration.parse(t));
      }
      Matcher m = HUMAN.matcher(t);
      if (t.isEmpty() || !m.matches()) {
        return Optional.empty();
      }
      Duration d = Duration.ZERO;
      for (int i = 0; i < MILLIS.length; i++) {
        if (m.group(i + 1) != null) {
          d = d.plusMillis(Math.multiplyExact(Long.parseLong(m.group(i + 1)), MILLIS[i]));
        }
      }
      return Optional.of(d);
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /**
   * The human form: {@code 1h30m}, {@code 2d}, {@code 1m30s}, {@code 200ms}, {@code 0s}; what
   * {@link #parse} reads back. Sub-millisecond parts are dropped.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long left = d.toMillis();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < MILLIS.length; i++) {
      if (left >= MILLIS[i]) {
        out.append(left / MILLIS[i]).append(UNITS[i]);
        left %= MILLIS[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}
