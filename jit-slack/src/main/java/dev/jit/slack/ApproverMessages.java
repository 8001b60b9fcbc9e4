package dev.jit.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.element.BlockElements.asContextElements;

import dev.jit.slack.internal.Buttons;
import dev.jit.slack.internal.Fmt;
import dev.jit.spi.AccessRequest;
import java.util.List;

/** Messages to approvers besides the approval message itself. */
public final class ApproverMessages {
  private ApproverMessages() {}

  /**
   * A reminder of a request still waiting, with Approve and Deny buttons (same action ids and
   * values as the approval message).
   */
  public static SlackMessage nudge(AccessRequest r) {
    return new SlackMessage(
        Mrkdwn.escape(
            "Reminder: " + r.requester() + " is waiting for approval of " + Fmt.plainWhat(r)),
        List.of(
            section(
                s ->
                    s.text(
                        Mrkdwn.text(
                            ":wave: Reminder: "
                                + Mrkdwn.mention(r.requester())
                                + " has been waiting since "
                                + Fmt.date(r.createdAt())
                                + " for "
                                + Fmt.what(r)
                                + "."))),
            ApprovalMessage.justification(r),
            context(
                c ->
                    c.elements(
                        asContextElements(
                            Mrkdwn.text(Fmt.quorum(r)),
                            Mrkdwn.text("Closes unanswered " + Fmt.date(r.approvalDeadline())),
                            Mrkdwn.text("Request " + Fmt.code(r.id()))))),
            Buttons.decision(r, SlackIds.DECISION_ACTIONS_BLOCK)));
  }
}
