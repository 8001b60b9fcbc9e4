package dev.jit.slack.internal;

import static com.slack.api.model.block.Blocks.section;

import com.slack.api.model.block.LayoutBlock;
import dev.jit.slack.Mrkdwn;
import dev.jit.slack.SlackIds;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass;
import java.util.List;

/**
 * The App Home entries of what an owner decides besides pending requests: an extension to approve
 * or deny, or a break-glass use to review. Two blocks each, like a pending request's. Pure.
 */
public final class Awaiting {
  private static final int INCIDENT_MAX = 300;

  private Awaiting() {}

  public static List<LayoutBlock> blocks(AccessRequest r) {
    if (r.breakGlass().map(BreakGlass::awaitsReview).orElse(false)) {
      String due =
          r.breakGlass()
              .flatMap(BreakGlass::reviewDue)
              .map(t -> " · review due " + Fmt.date(t))
              .orElse("");
      return List.of(
          section(
              s ->
                  s.text(
                      Mrkdwn.text(
                          ":rotating_light: *Break-glass to review*: "
                              + Mrkdwn.mention(r.requester())
                              + " took "
                              + Fmt.what(r)
                              + due
                              + "\n"
                              + Mrkdwn.quote(
                                  Mrkdwn.escape(r.justification().strip()), INCIDENT_MAX)))),
          Buttons.review(r, SlackIds.REVIEW_ACTIONS_BLOCK));
    }
    String more = r.extension().map(x -> Fmt.duration(x.by())).orElse("more time");
    String quorum =
        r.extension()
            .map(x -> " · " + x.approvals().size() + " of " + x.requiredApprovals() + " approvals")
            .orElse("");
    return List.of(
        section(
            s ->
                s.text(
                    Mrkdwn.text(
                        ":hourglass: "
                            + Mrkdwn.mention(r.requester())
                            + " asks for "
                            + more
                            + " more on "
                            + Fmt.code(r.role())
                            + " on "
                            + Fmt.code(r.resource())
                            + quorum))),
        Buttons.extensionDecision(r, SlackIds.EXTENSION_ACTIONS_BLOCK));
  }
}
