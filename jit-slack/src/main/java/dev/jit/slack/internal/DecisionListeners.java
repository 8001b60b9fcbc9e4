package dev.jit.slack.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import dev.jit.core.Command;
import dev.jit.slack.DenyReasonModal;
import dev.jit.slack.SlackIds;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.UserId;
import java.util.Map;
import java.util.Optional;

/**
 * An approver's decisions: the Approve button, the Deny button that opens {@link DenyReasonModal}
 * (it needs the {@code trigger_id}, so before the ack) and that modal's submission, which denies on
 * the executor with the reason.
 */
public final class DecisionListeners {
  private final Replies replies;

  public DecisionListeners(Replies replies) {
    this.replies = replies;
  }

  /** Registers the decision listeners on {@code app}. */
  public void register(App app) {
    app.blockAction(
        SlackIds.APPROVE,
        (req, ctx) ->
            replies.button(
                req, ctx, "approve", (id, user, key) -> new Command.Approve(id, user, key)));
    app.blockAction(SlackIds.DENY, this::denyClicked);
    app.viewSubmission(SlackIds.DENY_REASON_MODAL, this::denySubmitted);
  }

  private Response denyClicked(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    UserId user = new UserId(p.getUser().getId());
    Optional<RequestId> id = Payloads.requestId(p.getActions().get(0).getValue());
    if (id.isPresent()) {
      MethodsClient client = ctx.client();
      Optional<String> failed =
          replies.openModal(client, p.getTriggerId(), DenyReasonModal.build(id.get()));
      if (failed.isPresent()) {
        Optional<String> channel = Payloads.messageChannel(p);
        replies.later(
            "notice",
            () ->
                replies.tell(
                    client,
                    user,
                    channel,
                    "Could not open the deny form (" + failed.get() + "). Try again."));
      }
    }
    return ctx.ack();
  }

  private Response denySubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var p = req.getPayload();
    Optional<String> reason = DenyReasonModal.reason(p.getView().getState().getValues());
    if (reason.isEmpty()) {
      return ctx.ackWithErrors(Map.of(SlackIds.DENY_REASON_BLOCK, "Give a reason."));
    }
    Optional<RequestId> id = Payloads.requestId(p.getView().getPrivateMetadata());
    UserId user = new UserId(p.getUser().getId());
    if (id.isEmpty()) {
      return ctx.ackWithErrors(
          Map.of(SlackIds.DENY_REASON_BLOCK, "This request no longer exists."));
    }
    IdempotencyKey key = Payloads.key("deny", user, p.getView().getId());
    Command deny = new Command.Deny(id.get(), user, reason.get(), key);
    return replies.submitLater(ctx, SlackIds.DENY_REASON_BLOCK, deny, user, false);
  }
}
