package dev.jit.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.jit.slack.internal.Modals;
import dev.jit.spi.RequestId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The modal a denying approver fills in: one reason, 1 to {@link #REASON_MAX} characters, shown to
 * the requester. {@code callback_id} {@link SlackIds#DENY_REASON_MODAL}; {@code private_metadata}
 * is the request id (not secret: it is also the value of the Deny button).
 */
public final class DenyReasonModal {
  public static final int REASON_MAX = 500;

  private DenyReasonModal() {}

  public static View build(RequestId id) {
    List<LayoutBlock> blocks =
        List.of(
            section(
                s ->
                    s.text(
                        Mrkdwn.text(
                            "The requester will see your reason. Say what would make the"
                                + " request acceptable, if anything."))),
            input(
                i ->
                    i.blockId(SlackIds.DENY_REASON_BLOCK)
                        .label(plainText("Reason"))
                        .element(
                            plainTextInput(
                                p ->
                                    p.actionId(SlackIds.DENY_REASON_INPUT)
                                        .multiline(true)
                                        .minLength(1)
                                        .maxLength(REASON_MAX)
                                        .placeholder(plainText("Why are you denying it?"))))));
    return Modals.form(
        SlackIds.DENY_REASON_MODAL, id.value(), "Deny request", "Deny", "Back", blocks);
  }

  /** The reason typed in a submitted deny modal, stripped; empty when there is none. */
  public static Optional<String> reason(Map<String, Map<String, ViewState.Value>> stateValues) {
    return Optional.ofNullable(stateValues)
        .map(m -> m.get(SlackIds.DENY_REASON_BLOCK))
        .map(m -> m.get(SlackIds.DENY_REASON_INPUT))
        .map(ViewState.Value::getValue)
        .map(String::strip)
        .filter(s -> !s.isEmpty());
  }
}
