package dev.jit.slack.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.view.View;
import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.slack.AmendmentModals;
import dev.jit.slack.BreakGlassModal;
import dev.jit.slack.SlackIds;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass.Verdict;
import dev.jit.spi.RequestId;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reviews of break-glass uses and extensions of access: the Justified / Not justified buttons open
 * the review modal, whose submission records the review; Extend… opens the extension modal with the
 * durations that still fit, whose submission asks; Approve and Deny of an extension (Deny asks for
 * a reason first). Modals open before the ack (they need the {@code trigger_id}); commands run on
 * the executor after it.
 */
public final class AmendmentListeners {
  private final JitEngine engine;
  private final Replies replies;

  public AmendmentListeners(JitEngine engine, Replies replies) {
    this.engine = engine;
    this.replies = replies;
  }

  public void register(App app) {
    app.blockAction(
        SlackIds.REVIEW_JUSTIFIED,
        (req, ctx) -> open(req, ctx, r -> AmendmentModals.review(r, Verdict.JUSTIFIED)));
    app.blockAction(
        SlackIds.REVIEW_NOT_JUSTIFIED,
        (req, ctx) -> open(req, ctx, r -> AmendmentModals.review(r, Verdict.NOT_JUSTIFIED)));
    app.viewSubmission(SlackIds.REVIEW_MODAL, this::reviewed);
    app.blockAction(SlackIds.EXTEND, (req, ctx) -> open(req, ctx, this::extendModal));
    app.viewSubmission(SlackIds.EXTEND_MODAL, this::extendAsked);
    app.blockAction(
        SlackIds.APPROVE_EXTENSION,
        (req, ctx) ->
            replies.button(
                req,
                ctx,
                "approve-extension",
                (id, user, key) -> new Command.ApproveExtension(id, user, key)));
    app.blockAction(
        SlackIds.DENY_EXTENSION, (req, ctx) -> open(req, ctx, AmendmentModals::denyExtension));
    app.viewSubmission(SlackIds.DENY_EXTENSION_MODAL, this::extensionDenied);
    app.blockAction(SlackIds.OPEN_BREAK_GLASS_MODAL, this::openBreakGlass);
    app.viewSubmission(SlackIds.BREAK_GLASS_MODAL, this::breakGlass);
  }

  private Response openBreakGlass(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    UserId user = new UserId(p.getUser().getId());
    MethodsClient client = ctx.client();
    Optional<String> failed;
    try {
      var choices = engine.breakGlassableBy(user);
      failed =
          choices.isEmpty()
              ? Optional.of("you may not use break-glass anywhere")
              : replies.openModal(client, p.getTriggerId(), BreakGlassModal.build(choices));
    } catch (RuntimeException e) {
      failed = Optional.of("the directory could not be reached; try again");
    }
    Optional<String> why = failed;
    why.ifPresent(
        f ->
            replies.later(
                "notice",
                () ->
                    replies.tell(
                        client, user, Optional.empty(), "Could not open break-glass: " + f + ".")));
    return ctx.ack();
  }

  private Response breakGlass(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var p = req.getPayload();
    Optional<BreakGlassModal.Ask> ask = BreakGlassModal.ask(Payloads.state(p.getView()));
    if (ask.isEmpty()) {
      return ctx.ackWithErrors(
          Map.of(
              SlackIds.BREAK_GLASS_INCIDENT_BLOCK,
              "Choose the access and duration, and say what is happening."));
    }
    Optional<dev.jit.spi.ResourceId> resource = Payloads.resourceId(ask.get().resource());
    Optional<dev.jit.spi.RoleName> role = Payloads.roleName(ask.get().role());
    if (resource.isEmpty() || role.isEmpty()) {
      return ctx.ackWithErrors(Map.of(SlackIds.BREAK_GLASS_ROLE_BLOCK, "Choose the access."));
    }
    UserId user = new UserId(p.getUser().getId());
    return submit(
        new Command.InvokeBreakGlass(
            user,
            resource.get(),
            role.get(),
            ask.get().duration(),
            ask.get().incident(),
            ask.get().ticket(),
            Payloads.key("break-glass", user, p.getView().getId())),
        ctx,
        user,
        SlackIds.BREAK_GLASS_INCIDENT_BLOCK);
  }

  private View extendModal(AccessRequest r) {
    return AmendmentModals.extend(r, ExtensionChoices.of(engine.policy(), r));
  }

  private Response open(
      BlockActionRequest req, ActionContext ctx, Function<AccessRequest, View> modal) {
    BlockActionPayload p = req.getPayload();
    UserId user = new UserId(p.getUser().getId());
    Optional<AccessRequest> r =
        Payloads.requestId(p.getActions().get(0).getValue()).flatMap(engine::find);
    Optional<String> channel = Payloads.messageChannel(p);
    MethodsClient client = ctx.client();
    Optional<String> failed =
        r.isEmpty()
            ? Optional.of("that request no longer exists")
            : replies.openModal(client, p.getTriggerId(), modal.apply(r.get()));
    failed.ifPresent(
        f ->
            replies.later(
                "notice",
                () -> replies.tell(client, user, channel, "Could not open the form (" + f + ").")));
    return ctx.ack();
  }

  private Response reviewed(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var p = req.getPayload();
    Optional<String> comment =
        AmendmentModals.text(
            Payloads.state(p.getView()),
            SlackIds.REVIEW_COMMENT_BLOCK,
            SlackIds.REVIEW_COMMENT_INPUT);
    if (comment.isEmpty()) {
      return ctx.ackWithErrors(Map.of(SlackIds.REVIEW_COMMENT_BLOCK, "Give a comment."));
    }
    String meta = p.getView().getPrivateMetadata() == null ? "" : p.getView().getPrivateMetadata();
    int colon = meta.indexOf(':');
    Optional<Verdict> verdict = colon < 0 ? Optional.empty() : verdict(meta.substring(0, colon));
    Optional<RequestId> id =
        colon < 0 ? Optional.empty() : Payloads.requestId(meta.substring(colon + 1));
    if (verdict.isEmpty() || id.isEmpty()) {
      return ctx.ackWithErrors(
          Map.of(SlackIds.REVIEW_COMMENT_BLOCK, "This request no longer exists."));
    }
    UserId user = new UserId(p.getUser().getId());
    Command review =
        new Command.Review(
            id.get(),
            user,
            verdict.get(),
            comment.get(),
            Payloads.key("review", user, p.getView().getId()));
    return submit(review, ctx, user, SlackIds.REVIEW_COMMENT_BLOCK);
  }

  private Response extendAsked(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var p = req.getPayload();
    Optional<Duration> by =
        AmendmentModals.text(
                Payloads.state(p.getView()), SlackIds.EXTEND_BLOCK, SlackIds.EXTEND_SELECT)
            .flatMap(AmendmentListeners::duration);
    Optional<RequestId> id = Payloads.requestId(p.getView().getPrivateMetadata());
    if (by.isEmpty() || id.isEmpty()) {
      return ctx.ackWithErrors(Map.of(SlackIds.EXTEND_BLOCK, "Choose how much more time."));
    }
    UserId user = new UserId(p.getUser().getId());
    return submit(
        new Command.Extend(
            id.get(), user, by.get(), Payloads.key("extend", user, p.getView().getId())),
        ctx,
        user,
        SlackIds.EXTEND_BLOCK);
  }

  private Response extensionDenied(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var p = req.getPayload();
    Optional<String> reason =
        AmendmentModals.text(
            Payloads.state(p.getView()), SlackIds.DENY_REASON_BLOCK, SlackIds.DENY_REASON_INPUT);
    Optional<RequestId> id = Payloads.requestId(p.getView().getPrivateMetadata());
    if (reason.isEmpty() || id.isEmpty()) {
      return ctx.ackWithErrors(Map.of(SlackIds.DENY_REASON_BLOCK, "Give a reason."));
    }
    UserId user = new UserId(p.getUser().getId());
    return submit(
        new Command.DenyExtension(
            id.get(),
            user,
            reason.get(),
            Payloads.key("deny-extension", user, p.getView().getId())),
        ctx,
        user,
        SlackIds.DENY_REASON_BLOCK);
  }

  private Response submit(Command command, ViewSubmissionContext ctx, UserId user, String block) {
    return replies.submitLater(ctx, block, command, user, true);
  }

  private static Optional<Verdict> verdict(String s) {
    try {
      return Optional.of(Verdict.valueOf(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> duration(String s) {
    try {
      return Optional.of(Duration.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
