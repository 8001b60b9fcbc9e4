package dev.jit.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.element.BlockElements.asContextElements;
import static com.slack.api.model.block.element.BlockElements.asElements;

import com.slack.api.model.block.LayoutBlock;
import dev.jit.slack.internal.Buttons;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Limits;
import dev.jit.spi.AccessRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct messages to the requester about their request. Each takes the request as it stands after
 * the event and, where there is one, the detail to show (a person's reason, plain text that is
 * escaped here); an empty detail falls back to the request's {@code reason}. A backend's error is
 * never shown to the requester (see {@link #failed}).
 */
public final class RequesterMessages {
  private static final int DETAIL_MAX = 2000;

  private RequesterMessages() {}

  public static SlackMessage granted(AccessRequest r) {
    String until = r.expiresAt().map(t -> " until " + Fmt.date(t)).orElse("");
    String plainUntil = r.expiresAt().map(t -> " until " + Fmt.plainDate(t)).orElse("");
    return message(
        "Access granted: " + Fmt.plainWhat(r) + plainUntil,
        ":white_check_mark: Your access " + Fmt.what(r) + " is active" + until + ".",
        "",
        r);
  }

  public static SlackMessage denied(AccessRequest r, String detail) {
    String by = r.decidedBy().map(u -> " by " + Mrkdwn.mention(u)).orElse("");
    return message(
        "Request denied: " + Fmt.plainWhat(r),
        ":no_entry: Your request for " + Fmt.what(r) + " was denied" + by + ".",
        reasonOr(detail, r),
        r);
  }

  /**
   * A grant failed. The backend's error ({@code detail}, the request's {@code reason}) is not
   * shown: it may hold SQL, ARNs or other internals. Admins find it in the logs and the audit trail
   * under the request id this message gives.
   */
  public static SlackMessage failed(AccessRequest r, String detail) {
    return message(
        "Access could not be granted: " + Fmt.plainWhat(r),
        ":warning: Your access "
            + Fmt.what(r)
            + " could not be granted: a system jit grants it in refused or failed. Whatever was"
            + " already applied is being removed. An admin can look up the details under request "
            + Fmt.code(r.id())
            + ".",
        "",
        r);
  }

  public static SlackMessage rolledBack(AccessRequest r) {
    return message(
        "Failed grant rolled back: " + Fmt.plainWhat(r),
        ":leftwards_arrow_with_hook: The failed grant of "
            + Fmt.what(r)
            + " is fully rolled back. You can request it again.",
        "",
        r);
  }

  public static SlackMessage revoked(AccessRequest r) {
    String by = r.decidedBy().map(u -> " by " + Mrkdwn.mention(u)).orElse("");
    return message(
        "Access revoked: " + Fmt.plainWhat(r),
        ":lock: Your access " + Fmt.what(r) + " was revoked" + by + " before it expired.",
        r.reason(),
        r);
  }

  public static SlackMessage expired(AccessRequest r) {
    return message(
        "Access expired: " + Fmt.plainWhat(r),
        ":lock: Your access " + Fmt.what(r) + " has expired and was removed.",
        "",
        r);
  }

  public static SlackMessage timedOut(AccessRequest r) {
    return message(
        "Request timed out: " + Fmt.plainWhat(r),
        ":hourglass_flowing_sand: Nobody decided on your request for "
            + Fmt.what(r)
            + " before "
            + Fmt.date(r.approvalDeadline())
            + ", so it was closed. You can request again.",
        "",
        r);
  }

  public static SlackMessage expiringSoon(AccessRequest r) {
    return expiringSoon(r, false);
  }

  /** With {@code extendable}, the message offers Extend… instead of requesting again. */
  public static SlackMessage expiringSoon(AccessRequest r, boolean extendable) {
    String at = r.expiresAt().map(t -> " " + Fmt.date(t)).orElse(" soon");
    String plainAt = r.expiresAt().map(t -> " at " + Fmt.plainDate(t)).orElse(" soon");
    SlackMessage m =
        message(
            "Access ends" + plainAt + ": " + Fmt.plainWhat(r),
            ":alarm_clock: Your access "
                + Fmt.what(r)
                + " ends"
                + at
                + (extendable
                    ? ". Need more time? Ask the owners to extend it."
                    : ". Request it again if you need more time."),
            "",
            r);
    if (!extendable) {
      return m;
    }
    List<LayoutBlock> blocks = new ArrayList<>(m.blocks());
    blocks.add(
        blocks.size() - 1,
        actions(
            a ->
                a.blockId(SlackIds.EXTENSION_ACTIONS_BLOCK)
                    .elements(asElements(Buttons.extend(r)))));
    return new SlackMessage(m.text(), blocks);
  }

  static SlackMessage message(String text, String mrkdwn, String detail, AccessRequest r) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(Mrkdwn.text(mrkdwn))));
    if (!detail.isBlank()) {
      String header = "*Reason*\n";
      String quoted = Mrkdwn.quote(Mrkdwn.escape(detail.strip()), DETAIL_MAX);
      blocks.add(section(s -> s.text(Mrkdwn.text(header + quoted))));
    }
    blocks.add(
        context(c -> c.elements(asContextElements(Mrkdwn.text("Request " + Fmt.code(r.id()))))));
    return new SlackMessage(Mrkdwn.truncate(Mrkdwn.escape(text), Limits.MESSAGE_TEXT), blocks);
  }

  private static String reasonOr(String detail, AccessRequest r) {
    return detail == null || detail.isBlank() ? r.reason() : detail;
  }
}
