package dev.jit.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.asSectionFields;
import static com.slack.api.model.block.element.BlockElements.asContextElements;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import dev.jit.slack.internal.Buttons;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Limits;
import dev.jit.slack.internal.StatusLine;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The message approvers decide on, posted when a request is submitted and updated in place on every
 * change. While the request is {@link RequestStatus#PENDING} it carries Approve and Deny buttons
 * (block {@link SlackIds#DECISION_ACTIONS_BLOCK}, value = request id); afterwards the buttons are
 * replaced by a status line (block {@link SlackIds#STATUS_BLOCK}).
 */
public final class ApprovalMessage {
  private static final int DESCRIPTION_MAX = 300;

  private ApprovalMessage() {}

  /** The message for {@code r} as it stands, to post or to update in place. */
  public static SlackMessage message(AccessRequest r, ResourceDisplay display) {
    return new SlackMessage(fallbackText(r), blocks(r, display));
  }

  /** The blocks for {@code r} as it stands; at most 6. */
  public static List<LayoutBlock> blocks(AccessRequest r, ResourceDisplay display) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    Mrkdwn.text(
                        "*Access request* from "
                            + Mrkdwn.mention(r.requester())
                            + ": "
                            + Fmt.what(r)))));
    blocks.add(section(s -> s.fields(fields(r, display))));
    blocks.add(justification(r));
    blocks.add(
        context(
            c ->
                c.elements(
                    asContextElements(
                        Mrkdwn.text(Fmt.quorum(r)),
                        Mrkdwn.text("Approval deadline " + Fmt.date(r.approvalDeadline())),
                        Mrkdwn.text("Request " + Fmt.code(r.id()))))));
    if (r.status() == RequestStatus.PENDING) {
      blocks.add(Buttons.decision(r, SlackIds.DECISION_ACTIONS_BLOCK));
    } else {
      blocks.add(
          section(s -> s.blockId(SlackIds.STATUS_BLOCK).text(Mrkdwn.text(StatusLine.of(r)))));
    }
    return List.copyOf(blocks);
  }

  /**
   * The {@code text} of the message: what notifications and screen readers show. Plain words with
   * user-supplied parts escaped; no mentions, no justification.
   */
  public static String fallbackText(AccessRequest r) {
    return Mrkdwn.truncate(
        "Access request from "
            + Fmt.plainUser(r.requester())
            + ": "
            + Fmt.plainWhat(r)
            + " ("
            + r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + ")",
        Limits.MESSAGE_TEXT);
  }

  static LayoutBlock justification(AccessRequest r) {
    String header = "*Justification*\n";
    String quoted =
        Mrkdwn.quote(
            Mrkdwn.escape(r.justification().strip()), Limits.SECTION_TEXT - header.length());
    return section(s -> s.text(Mrkdwn.text(header + quoted)));
  }

  private static List<TextObject> fields(AccessRequest r, ResourceDisplay display) {
    List<TextObject> fields = new ArrayList<>();
    fields.add(
        Mrkdwn.text(
            "*Resource*\n" + Fmt.code(r.resource()) + describe(display.resourceDescription())));
    fields.add(Mrkdwn.text("*Role*\n" + Fmt.code(r.role()) + describe(display.roleDescription())));
    fields.add(Mrkdwn.text("*Duration*\n" + Fmt.duration(r.duration())));
    fields.add(
        Mrkdwn.text(
            "*Ticket*\n" + (r.ticket().isBlank() ? "none" : Mrkdwn.escape(r.ticket(), 200))));
    fields.add(Mrkdwn.text("*Requested*\n" + Fmt.date(r.createdAt())));
    r.expiresAt().ifPresent(t -> fields.add(Mrkdwn.text("*Expires*\n" + Fmt.date(t))));
    return asSectionFields(fields.toArray(TextObject[]::new));
  }

  private static String describe(String description) {
    return description.isBlank()
        ? ""
        : "\n" + Mrkdwn.escape(description.strip().replace('\n', ' '), DESCRIPTION_MAX);
  }
}
