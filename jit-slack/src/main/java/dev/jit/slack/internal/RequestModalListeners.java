package dev.jit.slack.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.response.Option;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.view.View;
import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.slack.JitSlackConfig;
import dev.jit.slack.RequestForm;
import dev.jit.slack.RequestModal;
import dev.jit.slack.SlackIds;
import dev.jit.spi.ResourceId;
import dev.jit.spi.UserId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request modal: opened by the slash command, the global shortcut and the Request access button
 * (before the ack, with the {@code trigger_id}); re-rendered with {@code views.update} when a
 * resource is chosen; options for a large catalog's resource search; and its submission, checked
 * and submitted before the ack because field errors must come back in it.
 *
 * <p>Need to know: every catalog shown is what the person in the payload may request ({@link
 * JitEngine#requestableBy}); when the directory cannot tell, the person gets a "try again" and no
 * resource at all, never the whole catalog.
 */
public final class RequestModalListeners {
  private static final Logger LOG = LoggerFactory.getLogger(RequestModalListeners.class);

  private final JitEngine engine;
  private final JitSlackConfig config;
  private final Replies replies;

  public RequestModalListeners(JitEngine engine, JitSlackConfig config, Replies replies) {
    this.engine = engine;
    this.config = config;
    this.replies = replies;
  }

  /** Registers the request modal's listeners on {@code app}. */
  public void register(App app) {
    app.command(
        config.slashCommand(),
        (req, ctx) -> {
          var p = req.getPayload();
          Optional<List<ResourcePolicy>> catalog = catalogOf(new UserId(p.getUserId()));
          if (catalog.isEmpty()) {
            return ctx.ack(RequestModal.UNAVAILABLE);
          }
          Optional<ResourceId> chosen = resourceIn(p.getText(), catalog.get());
          Optional<String> failed =
              replies.openModal(
                  ctx.client(),
                  p.getTriggerId(),
                  modal(catalog.get(), chosen, RequestForm.empty()));
          return failed.isEmpty()
              ? ctx.ack()
              : ctx.ack("Could not open the request form (" + failed.get() + "). Try again.");
        });
    app.globalShortcut(
        config.shortcutCallbackId(),
        (req, ctx) -> {
          var p = req.getPayload();
          replies.openModal(ctx.client(), p.getTriggerId(), emptyModal(p.getUser().getId()));
          return ctx.ack();
        });
    app.blockAction(
        SlackIds.OPEN_REQUEST_MODAL,
        (req, ctx) -> {
          var p = req.getPayload();
          replies.openModal(ctx.client(), p.getTriggerId(), emptyModal(p.getUser().getId()));
          return ctx.ack();
        });
    app.blockAction(SlackIds.RESOURCE_SELECT, this::resourceChosen);
    app.blockSuggestion(
        SlackIds.RESOURCE_SELECT,
        (req, ctx) -> {
          var p = req.getPayload();
          List<ResourcePolicy> catalog =
              catalogOf(new UserId(p.getUser().getId())).orElse(List.of());
          return ctx.ack(
              r ->
                  r.options(
                      RequestModal.resourceOptions(catalog, p.getValue()).stream()
                          .map(o -> new Option(o.getText(), o.getValue()))
                          .toList()));
        });
    app.viewSubmission(
        SlackIds.REQUEST_MODAL,
        (req, ctx) -> {
          var p = req.getPayload();
          UserId user = new UserId(p.getUser().getId());
          Map<String, String> errors = submit(user, p.getView());
          return errors.isEmpty() ? ctx.ack() : ctx.ackWithErrors(errors);
        });
  }

  private Response resourceChosen(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    View view = p.getView();
    if (view != null) {
      BlockActionPayload.Action action = p.getActions().get(0);
      String value =
          action.getSelectedOption() != null
              ? action.getSelectedOption().getValue()
              : action.getValue();
      Optional<ResourceId> chosen = Payloads.resourceId(value);
      RequestForm previous = RequestFormParser.parse(Payloads.state(view));
      UserId user = new UserId(p.getUser().getId());
      MethodsClient client = ctx.client();
      replies.later(
          "modal",
          () ->
              replies.updateView(
                  client,
                  view,
                  catalogOf(user)
                      .map(catalog -> modal(catalog, chosen, previous))
                      .orElseGet(RequestModal::unavailable)));
    }
    return ctx.ack();
  }

  /** Validates and submits; the field errors to show, empty when the modal may close. */
  private Map<String, String> submit(UserId user, View view) {
    RequestForm form = RequestFormParser.parse(Payloads.state(view));
    Map<String, String> errors =
        RequestFormValidator.errors(form, engine.policy(), engine.submissionRules());
    if (!errors.isEmpty()) {
      return errors;
    }
    Command.Submit submit =
        RequestFormValidator.submission(form, user, Payloads.key("submit", user, view.getId()));
    Outcome outcome;
    try {
      outcome = engine.handle(submit);
    } catch (RuntimeException e) {
      LOG.warn("submitting a request for {} failed", user, e);
      return Map.of(SlackIds.JUSTIFICATION_BLOCK, Replies.trouble());
    }
    if (outcome.rejection().isPresent()) {
      replies.refused(submit, outcome);
      return RequestFormValidator.errorsFor(outcome.rejection().get(), outcome.message());
    }
    return Map.of();
  }

  /** What {@code user} may request; empty when the directory cannot tell (logged). */
  private Optional<List<ResourcePolicy>> catalogOf(UserId user) {
    try {
      return Optional.of(engine.requestableBy(user));
    } catch (RuntimeException e) {
      LOG.warn("could not tell which resources {} may request: {}", user, e.toString());
      return Optional.empty();
    }
  }

  private View emptyModal(String userId) {
    return catalogOf(new UserId(userId))
        .map(catalog -> modal(catalog, Optional.empty(), RequestForm.empty()))
        .orElseGet(RequestModal::unavailable);
  }

  private View modal(
      List<ResourcePolicy> catalog, Optional<ResourceId> chosen, RequestForm previous) {
    return RequestModal.build(catalog, chosen, previous, engine.submissionRules());
  }

  /** The first word of the slash command's text that names a resource of {@code catalog}. */
  private static Optional<ResourceId> resourceIn(String text, List<ResourcePolicy> catalog) {
    if (text == null) {
      return Optional.empty();
    }
    return Arrays.stream(text.trim().split("\\s+"))
        .map(Payloads::resourceId)
        .flatMap(Optional::stream)
        .filter(r -> catalog.stream().anyMatch(rp -> rp.id().equals(r)))
        .findFirst();
  }
}
