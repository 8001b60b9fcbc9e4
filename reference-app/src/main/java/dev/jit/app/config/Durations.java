package dev.jit.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in settings: {@code 200ms}, {@code 30s}, {@code 15m}, {@code 1h30m}, {@code 2d}, or
 * ISO-8601 ({@code PT30S}). Like the policy's durations, with milliseconds added for backoffs.
 */
final class Durations {
  private static final Pattern HUMAN =
      Pattern.compile(
          "(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

  private Durations() {}

  static Optional<Duration> parse(String text) {
    String t = text.strip();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(t));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    Matcher m = HUMAN.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        Duration.ofDays(group(m, 1))
            .plusHours(group(m, 2))
            .plusMinutes(group(m, 3))
            .plusSeconds(group(m, 4))
            .plusMillis(group(m, 5)));
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }
}
