package dev.jit.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.element.BlockElements.asContextElements;

import com.slack.api.model.block.LayoutBlock;
import dev.jit.slack.internal.Buttons;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Limits;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Extension;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages about extending active access: the ask (to the owners, with Approve and Deny), and the
 * outcome (to the holder). Pure: the request in, the message out.
 */
public final class ExtensionMessages {
  private ExtensionMessages() {}

  /** The holder asks for more time: the owners decide. */
  public static SlackMessage requested(AccessRequest r) {
    String more = r.extension().map(x -> Fmt.duration(x.by())).orElse("more time");
    String until = r.expiresAt().map(t -> ", now ending " + Fmt.date(t)).orElse("");
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    Mrkdwn.text(
                        ":hourglass: "
                            + Mrkdwn.mention(r.requester())
                            + " asks for *"
                            + more
                            + "* more on their access "
                            + Fmt.what(r)
                            + until
                            + "."))));
    r.extension().ifPresent(x -> blocks.add(quorum(x)));
    if (r.extension().isPresent()) {
      blocks.add(Buttons.extensionDecision(r, SlackIds.EXTENSION_ACTIONS_BLOCK));
    }
    blocks.add(footer(r));
    return message("Extension asked: " + more + " more on " + Fmt.plainWhat(r), blocks);
  }

  public static SlackMessage approvalRecorded(AccessRequest r) {
    String count =
        r.extension()
            .map(x -> x.approvals().size() + " of " + x.requiredApprovals() + " approvals")
            .orElse("an approval");
    return simple(
        "Extension approval recorded: " + Fmt.plainWhat(r),
        ":ballot_box_with_check: Your extension of " + Fmt.what(r) + " has " + count + ".",
        r);
  }

  public static SlackMessage extended(AccessRequest r) {
    String until = r.expiresAt().map(t -> " until " + Fmt.date(t)).orElse("");
    String plain = r.expiresAt().map(t -> " until " + Fmt.plainDate(t)).orElse("");
    return simple(
        "Access extended" + plain + ": " + Fmt.plainWhat(r),
        ":white_check_mark: Your access " + Fmt.what(r) + " is extended" + until + ".",
        r);
  }

  /** Denied ({@code reason} given) or lapsed undecided: the original expiry stands. */
  public static SlackMessage denied(AccessRequest r, String reason) {
    String until = r.expiresAt().map(t -> " and ends " + Fmt.date(t)).orElse("");
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    Mrkdwn.text(
                        ":no_entry: Your extension of "
                            + Fmt.what(r)
                            + " was not approved. Your access stands as it was"
                            + until
                            + "."))));
    if (!reason.isBlank()) {
      String quoted = Mrkdwn.quote(Mrkdwn.escape(reason.strip()), 2000);
      blocks.add(section(s -> s.text(Mrkdwn.text("*Reason*\n" + quoted))));
    }
    blocks.add(footer(r));
    return message("Extension not approved: " + Fmt.plainWhat(r), blocks);
  }

  private static LayoutBlock quorum(Extension x) {
    return context(
        c ->
            c.elements(
                asContextElements(
                    Mrkdwn.text(
                        x.approvals().size()
                            + " of "
                            + x.requiredApprovals()
                            + " approvals · decide by "
                            + Fmt.date(x.deadline())))));
  }

  private static SlackMessage simple(String text, String mrkdwn, AccessRequest r) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(Mrkdwn.text(mrkdwn))));
    blocks.add(footer(r));
    return message(text, blocks);
  }

  private static LayoutBlock footer(AccessRequest r) {
    return context(c -> c.elements(asContextElements(Mrkdwn.text("Request " + Fmt.code(r.id())))));
  }

  private static SlackMessage message(String text, List<LayoutBlock> blocks) {
    return new SlackMessage(Mrkdwn.truncate(Mrkdwn.escape(text), Limits.MESSAGE_TEXT), blocks);
  }
}
