package dev.jit.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.jit.slack.internal.Fmt;
import dev.jit.slack.internal.Modals;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The modals of reviews and extensions: the reviewer's comment on a break-glass use (the verdict
 * chosen by the button), how much more time the holder asks for, and an owner's reason for denying
 * an extension. Pure. {@code private_metadata} is the request id, prefixed by the verdict for the
 * review ({@code JUSTIFIED:<id>}); none of it is secret.
 */
public final class AmendmentModals {
  public static final int COMMENT_MAX = 500;

  private AmendmentModals() {}

  /** The review of a break-glass use, with {@code verdict} chosen. */
  public static View review(AccessRequest r, BreakGlass.Verdict verdict) {
    boolean justified = verdict == BreakGlass.Verdict.JUSTIFIED;
    String lead =
        Mrkdwn.mention(r.requester())
            + " used break-glass for "
            + Fmt.what(r)
            + ". You are marking it *"
            + (justified ? "justified" : "not justified")
            + "*"
            + (justified ? "." : ": the admins will be told.")
            + " Your comment goes on the audit trail.";
    return modal(
        SlackIds.REVIEW_MODAL,
        verdict.name() + ":" + r.id().value(),
        justified ? "Justified" : "Not justified",
        "Record review",
        List.of(
            section(s -> s.text(Mrkdwn.text(lead))),
            text(
                SlackIds.REVIEW_COMMENT_BLOCK,
                SlackIds.REVIEW_COMMENT_INPUT,
                "Comment",
                "What did you check?")));
  }

  /** How much more time, from {@code choices} (each within the policy's maximum). */
  public static View extend(AccessRequest r, List<Duration> choices) {
    List<OptionObject> options =
        choices.stream()
            .map(d -> option(plainText(Fmt.duration(d) + " more"), d.toString()))
            .toList();
    String until = r.expiresAt().map(t -> " It ends " + Fmt.date(t) + " now.").orElse("");
    LayoutBlock lead =
        section(
            s ->
                s.text(
                    Mrkdwn.text(
                        "Ask the owners of "
                            + Fmt.code(r.resource())
                            + " for more time on "
                            + Fmt.code(r.role())
                            + "."
                            + until
                            + " Until they approve, your access ends as planned.")));
    LayoutBlock select =
        input(
            i ->
                i.blockId(SlackIds.EXTEND_BLOCK)
                    .label(plainText("How much more"))
                    .element(
                        staticSelect(
                            e ->
                                e.actionId(SlackIds.EXTEND_SELECT)
                                    .placeholder(plainText("Choose"))
                                    .options(options))));
    return modal(
        SlackIds.EXTEND_MODAL, r.id().value(), "Extend access", "Ask", List.of(lead, select));
  }

  /** An owner's reason for denying the pending extension, shown to the holder. */
  public static View denyExtension(AccessRequest r) {
    return modal(
        SlackIds.DENY_EXTENSION_MODAL,
        r.id().value(),
        "Deny extension",
        "Deny",
        List.of(
            section(
                s ->
                    s.text(
                        Mrkdwn.text(
                            Mrkdwn.mention(r.requester())
                                + " will see your reason; their access ends as planned."))),
            text(SlackIds.DENY_REASON_BLOCK, SlackIds.DENY_REASON_INPUT, "Reason", "Why not?")));
  }

  /** The text typed in {@code block}/{@code action}, stripped; empty when none. */
  public static Optional<String> text(
      Map<String, Map<String, ViewState.Value>> state, String block, String action) {
    return Optional.ofNullable(state)
        .map(m -> m.get(block))
        .map(m -> m.get(action))
        .map(v -> v.getSelectedOption() != null ? v.getSelectedOption().getValue() : v.getValue())
        .map(String::strip)
        .filter(s -> !s.isEmpty());
  }

  private static LayoutBlock text(String block, String action, String label, String hint) {
    return input(
        i ->
            i.blockId(block)
                .label(plainText(label))
                .element(
                    plainTextInput(
                        p ->
                            p.actionId(action)
                                .multiline(true)
                                .minLength(1)
                                .maxLength(COMMENT_MAX)
                                .placeholder(plainText(hint)))));
  }

  private static View modal(
      String callback, String metadata, String title, String submit, List<LayoutBlock> blocks) {
    return Modals.form(callback, metadata, title, submit, "Back", blocks);
  }
}
