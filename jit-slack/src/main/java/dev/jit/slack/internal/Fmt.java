package dev.jit.slack.internal;

import dev.jit.core.Durations;
import dev.jit.slack.Mrkdwn;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Formatting shared by the renderers. Every result is safe to place in mrkdwn. */
public final class Fmt {
  private static final DateTimeFormatter FALLBACK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Fmt() {}

  /** The one duration format of jit ({@link Durations#format}): {@code 15m}, {@code 1h30m}. */
  public static String duration(Duration d) {
    return Durations.format(d);
  }

  /**
   * A date Slack shows in the reader's time zone: {@code <!date^EPOCH^{date_short_pretty}
   * {time}|fallback>}, the fallback in UTC.
   */
  public static String date(Instant at) {
    return "<!date^"
        + at.getEpochSecond()
        + "^{date_short_pretty} {time}|"
        + FALLBACK.format(at)
        + ">";
  }

  /** The same instant as plain text, for notification text. */
  public static String plainDate(Instant at) {
    return FALLBACK.format(at);
  }

  /** {@code `prod-db`} — ids are validated to {@code [a-z0-9._-]}, so they need no escaping. */
  public static String code(Object id) {
    return "`" + id + "`";
  }

  /** {@code `read` on `prod-db` for 1h}. */
  public static String what(AccessRequest r) {
    return code(r.role()) + " on " + code(r.resource()) + " for " + duration(r.duration());
  }

  /** {@code read on prod-db for 1h}, for plain text. */
  public static String plainWhat(AccessRequest r) {
    return r.role() + " on " + r.resource() + " for " + duration(r.duration());
  }

  /** {@code 1 of 2 approvals} and who approved, as mentions. */
  public static String quorum(AccessRequest r) {
    String count =
        r.approvals().size()
            + " of "
            + r.requiredApprovals()
            + (r.requiredApprovals() == 1 ? " approval" : " approvals");
    if (r.approvals().isEmpty()) {
      return count;
    }
    return count
        + " · approved by "
        + r.approvers().stream().map(Mrkdwn::mention).collect(Collectors.joining(", "));
  }

  /** A user for plain text: the id, escaped. */
  public static String plainUser(UserId user) {
    return Mrkdwn.escape(user.value());
  }
}
