package dev.jit.slack.internal;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.element.ButtonElement;
import dev.jit.slack.Mrkdwn;
import dev.jit.slack.SlackIds;
import dev.jit.spi.AccessRequest;

/** The buttons that act on a request; the value of each is the request id. */
public final class Buttons {
  private Buttons() {}

  public static ButtonElement approve(AccessRequest r) {
    return button(
        b ->
            b.actionId(SlackIds.APPROVE)
                .text(plainText("Approve"))
                .style("primary")
                .value(r.id().value())
                .confirm(
                    confirm(
                        "Approve this request?",
                        Mrkdwn.mention(r.requester()) + " gets " + Fmt.what(r) + ".",
                        "Approve",
                        "Back")));
  }

  public static ButtonElement deny(AccessRequest r) {
    return button(
        b ->
            b.actionId(SlackIds.DENY)
                .text(plainText("Deny"))
                .style("danger")
                .value(r.id().value())
                .confirm(
                    confirm(
                        "Deny this request?",
                        "You will be asked for a reason, which "
                            + Mrkdwn.mention(r.requester())
                            + " will see.",
                        "Deny",
                        "Back")));
  }

  public static ButtonElement revoke(AccessRequest r) {
    return button(
        b ->
            b.actionId(SlackIds.REVOKE)
                .text(plainText("Revoke now"))
                .style("danger")
                .value(r.id().value())
                .confirm(
                    confirm(
                        "Revoke your access now?",
                        "Your access " + Fmt.what(r) + " ends now, before it expires.",
                        "Revoke",
                        "Keep")));
  }

  public static ButtonElement cancel(AccessRequest r) {
    return button(
        b ->
            b.actionId(SlackIds.CANCEL)
                .text(plainText("Cancel"))
                .value(r.id().value())
                .confirm(
                    confirm(
                        "Cancel this request?",
                        "Your request for " + Fmt.what(r) + " is withdrawn.",
                        "Cancel request",
                        "Keep")));
  }

  /** Justified and Not justified, for the review of a break-glass use. */
  public static ActionsBlock review(AccessRequest r, String blockId) {
    ButtonElement yes =
        button(
            b ->
                b.actionId(SlackIds.REVIEW_JUSTIFIED)
                    .text(plainText("Justified"))
                    .style("primary")
                    .value(r.id().value()));
    ButtonElement no =
        button(
            b ->
                b.actionId(SlackIds.REVIEW_NOT_JUSTIFIED)
                    .text(plainText("Not justified"))
                    .style("danger")
                    .value(r.id().value()));
    return actions(a -> a.blockId(blockId).elements(asElements(yes, no)));
  }

  /** Ask for more time on one's own active access (opens the extension modal). */
  public static ButtonElement extend(AccessRequest r) {
    return button(
        b -> b.actionId(SlackIds.EXTEND).text(plainText("Extend…")).value(r.id().value()));
  }

  /** Approve and Deny of a pending extension. */
  public static ActionsBlock extensionDecision(AccessRequest r, String blockId) {
    String more = r.extension().map(x -> Fmt.duration(x.by())).orElse("more time");
    ButtonElement yes =
        button(
            b ->
                b.actionId(SlackIds.APPROVE_EXTENSION)
                    .text(plainText("Approve " + more))
                    .style("primary")
                    .value(r.id().value())
                    .confirm(
                        confirm(
                            "Approve the extension?",
                            Mrkdwn.mention(r.requester())
                                + " keeps "
                                + Fmt.what(r)
                                + " "
                                + more
                                + " longer.",
                            "Approve",
                            "Back")));
    ButtonElement no =
        button(
            b ->
                b.actionId(SlackIds.DENY_EXTENSION)
                    .text(plainText("Deny"))
                    .style("danger")
                    .value(r.id().value()));
    return actions(a -> a.blockId(blockId).elements(asElements(yes, no)));
  }

  /** Approve and Deny in one actions block. */
  public static ActionsBlock decision(AccessRequest r, String blockId) {
    return actions(a -> a.blockId(blockId).elements(asElements(approve(r), deny(r))));
  }

  private static ConfirmationDialogObject confirm(
      String title, String mrkdwn, String yes, String no) {
    return confirmationDialog(
        c ->
            c.title(plainText(title))
                .text(Mrkdwn.text(mrkdwn))
                .confirm(plainText(yes))
                .deny(plainText(no)));
  }
}
