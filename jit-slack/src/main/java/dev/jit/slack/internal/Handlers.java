package dev.jit.slack.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.response.Option;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.core.policy.Policy;
import dev.jit.slack.AppHome;
import dev.jit.slack.DenyReasonModal;
import dev.jit.slack.JitSlackConfig;
import dev.jit.slack.Mrkdwn;
import dev.jit.slack.RequestModal;
import dev.jit.slack.SlackIds;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bolt listeners of jit: thin adapters that parse a payload, call one engine command and ack
 * within Slack's 3 seconds. Work that may be slow (a command that sets off a grant, a revocation,
 * Home refreshes) runs on the configured executor after the ack; only what must use a {@code
 * trigger_id} (opening a modal) or must answer in the ack (modal validation, a submission's field
 * errors) happens before it.
 */
public final class Handlers {
  private static final Logger LOG = LoggerFactory.getLogger(Handlers.class);
  private static final int HOME_LIST_LIMIT = 100;
  private static final int FEEDBACK_MAX = 500;
  private static final Set<RequestStatus> HOLDING =
      EnumSet.copyOf(
          Arrays.stream(RequestStatus.values()).filter(RequestStatus::mayHoldAccess).toList());
  private static final String TROUBLE =
      "Sorry, that did not go through: jit could not reach a system it depends on. The request"
          + " is as its message shows; try again in a moment.";

  private final JitEngine engine;
  private final JitSlackConfig config;
  private final SlackCalls calls;
  private final SlackCalls once;

  public Handlers(JitEngine engine, JitSlackConfig config) {
    this.engine = engine;
    this.config = config;
    this.calls = new SlackCalls(config.rateLimitRetry());
    // trigger_ids live 3 s: a call made before the ack is not retried
    this.once = new SlackCalls(config.rateLimitRetry().withMaxAttempts(1));
  }

  /** Registers every listener on {@code app}. */
  public void register(App app) {
    app.command(
        config.slashCommand(),
        (req, ctx) -> {
          var p = req.getPayload();
          Optional<ResourceId> chosen = resourceIn(p.getText());
          Optional<String> failed =
              openModal(
                  ctx.client(), p.getTriggerId(), requestModal(chosen, RequestModal.Form.empty()));
          return failed.isEmpty()
              ? ctx.ack()
              : ctx.ack("Could not open the request form (" + failed.get() + "). Try again.");
        });
    app.globalShortcut(
        config.shortcutCallbackId(),
        (req, ctx) -> {
          openModal(
              ctx.client(),
              req.getPayload().getTriggerId(),
              requestModal(Optional.empty(), RequestModal.Form.empty()));
          return ctx.ack();
        });
    app.blockAction(
        SlackIds.OPEN_REQUEST_MODAL,
        (req, ctx) -> {
          openModal(
              ctx.client(),
              req.getPayload().getTriggerId(),
              requestModal(Optional.empty(), RequestModal.Form.empty()));
          return ctx.ack();
        });
    app.blockAction(SlackIds.RESOURCE_SELECT, this::resourceChosen);
    app.blockSuggestion(
        SlackIds.RESOURCE_SELECT,
        (req, ctx) ->
            ctx.ack(
                r ->
                    r.options(
                        RequestModal.resourceOptions(engine.policy(), req.getPayload().getValue())
                            .stream()
                            .map(o -> new Option(o.getText(), o.getValue()))
                            .toList())));
    app.viewSubmission(
        SlackIds.REQUEST_MODAL,
        (req, ctx) -> {
          var p = req.getPayload();
          UserId user = new UserId(p.getUser().getId());
          Map<String, String> errors = submit(user, p.getView());
          return errors.isEmpty() ? ctx.ack() : ctx.ackWithErrors(errors);
        });
    app.blockAction(
        SlackIds.APPROVE,
        (req, ctx) ->
            button(req, ctx, "approve", (id, user, key) -> new Command.Approve(id, user, key)));
    app.blockAction(
        SlackIds.REVOKE,
        (req, ctx) ->
            button(req, ctx, "revoke", (id, user, key) -> new Command.Revoke(id, user, key)));
    app.blockAction(
        SlackIds.CANCEL,
        (req, ctx) ->
            button(req, ctx, "cancel", (id, user, key) -> new Command.Cancel(id, user, key)));
    app.blockAction(SlackIds.DENY, this::denyClicked);
    app.viewSubmission(
        SlackIds.DENY_REASON_MODAL,
        (req, ctx) -> {
          var p = req.getPayload();
          Optional<String> reason = DenyReasonModal.reason(p.getView().getState().getValues());
          if (reason.isEmpty()) {
            return ctx.ackWithErrors(Map.of(SlackIds.DENY_REASON_BLOCK, "Give a reason."));
          }
          Optional<RequestId> id = requestId(p.getView().getPrivateMetadata());
          UserId user = new UserId(p.getUser().getId());
          if (id.isEmpty()) {
            return ctx.ackWithErrors(
                Map.of(SlackIds.DENY_REASON_BLOCK, "This request no longer exists."));
          }
          IdempotencyKey key = key("deny", user, p.getView().getId());
          MethodsClient client = ctx.client();
          config
              .executor()
              .execute(
                  () ->
                      run(
                          new Command.Deny(id.get(), user, reason.get(), key),
                          client,
                          user,
                          Optional.empty(),
                          false));
          return ctx.ack();
        });
    app.event(
        AppHomeOpenedEvent.class,
        (req, ctx) -> {
          AppHomeOpenedEvent e = req.getEvent();
          if (e.getTab() == null || "home".equals(e.getTab())) {
            UserId viewer = new UserId(e.getUser());
            MethodsClient client = ctx.client();
            config.executor().execute(() -> publishHome(client, viewer));
          }
          return ctx.ack();
        });
  }

  @FunctionalInterface
  private interface CommandFactory {
    Command create(RequestId id, UserId user, IdempotencyKey key);
  }

  private Response button(
      BlockActionRequest req, ActionContext ctx, String verb, CommandFactory factory) {
    BlockActionPayload p = req.getPayload();
    UserId user = new UserId(p.getUser().getId());
    BlockActionPayload.Action action = p.getActions().get(0);
    Optional<RequestId> id = requestId(action.getValue());
    IdempotencyKey key = key(verb, user, action.getActionTs());
    boolean fromHome = isHome(p);
    Optional<String> channel = messageChannel(p);
    MethodsClient client = ctx.client();
    if (id.isPresent()) {
      Command command = factory.create(id.get(), user, key);
      config.executor().execute(() -> run(command, client, user, channel, fromHome));
    }
    return ctx.ack();
  }

  private Response denyClicked(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    UserId user = new UserId(p.getUser().getId());
    Optional<RequestId> id = requestId(p.getActions().get(0).getValue());
    if (id.isPresent()) {
      Optional<String> failed =
          openModal(ctx.client(), p.getTriggerId(), DenyReasonModal.build(id.get()));
      if (failed.isPresent()) {
        MethodsClient client = ctx.client();
        Optional<String> channel = messageChannel(p);
        config
            .executor()
            .execute(
                () ->
                    tell(
                        client,
                        user,
                        channel,
                        "Could not open the deny form (" + failed.get() + "). Try again."));
      }
    }
    return ctx.ack();
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
      Optional<ResourceId> chosen = resourceId(value);
      Map<String, Map<String, ViewState.Value>> state =
          view.getState() == null ? Map.of() : view.getState().getValues();
      View next = requestModal(chosen, RequestModal.parse(state));
      MethodsClient client = ctx.client();
      config
          .executor()
          .execute(
              () ->
                  attempt(
                      "update the request modal",
                      () ->
                          calls.call(
                              "views.update",
                              () ->
                                  client.viewsUpdate(
                                      u ->
                                          u.viewId(view.getId())
                                              .hash(view.getHash())
                                              .view(next)))));
    }
    return ctx.ack();
  }

  /** Validates and submits; the field errors to show, empty when the modal may close. */
  private Map<String, String> submit(UserId user, View view) {
    Policy policy = engine.policy();
    Map<String, Map<String, ViewState.Value>> state =
        view.getState() == null ? Map.of() : view.getState().getValues();
    RequestModal.Form form = RequestModal.parse(state);
    Map<String, String> errors =
        RequestModal.validate(form, policy, config.justificationMin(), config.justificationMax());
    if (!errors.isEmpty()) {
      return errors;
    }
    Duration duration = form.parsedDuration().orElseThrow();
    Command.Submit submit =
        new Command.Submit(
            user,
            new ResourceId(form.resource().orElseThrow()),
            new RoleName(form.role().orElseThrow()),
            duration,
            form.justification().strip(),
            form.ticket().strip(),
            key("submit", user, view.getId()));
    Outcome outcome;
    try {
      outcome = engine.handle(submit);
    } catch (RuntimeException e) {
      LOG.warn("submitting a request for {} failed", user, e);
      return Map.of(SlackIds.JUSTIFICATION_BLOCK, TROUBLE);
    }
    if (outcome.rejection().isPresent()) {
      return RequestModal.errorsFor(outcome.rejection().get(), outcome.message());
    }
    return Map.of();
  }

  /** Runs a command after the ack; tells the user about a refusal; refreshes their Home. */
  private void run(
      Command command,
      MethodsClient client,
      UserId user,
      Optional<String> channel,
      boolean refreshHome) {
    try {
      Outcome outcome = engine.handle(command);
      if (outcome.result() == Outcome.Result.REJECTED) {
        tell(client, user, channel, outcome.message());
      }
    } catch (RuntimeException e) {
      LOG.warn("{} by {} failed", command.getClass().getSimpleName(), user, e);
      tell(client, user, channel, TROUBLE);
    }
    if (refreshHome) {
      publishHome(client, user);
    }
  }

  /** An ephemeral message in the channel the click came from, else a direct message. */
  private void tell(MethodsClient client, UserId user, Optional<String> channel, String text) {
    String safe = Mrkdwn.escape(text, FEEDBACK_MAX);
    attempt(
        "tell " + user + " about a refused action",
        () -> {
          if (channel.isPresent()) {
            calls.call(
                "chat.postEphemeral",
                () ->
                    client.chatPostEphemeral(
                        m -> m.channel(channel.get()).user(user.value()).text(safe)));
          } else {
            String dm =
                calls
                    .call(
                        "conversations.open",
                        () -> client.conversationsOpen(o -> o.users(List.of(user.value()))))
                    .getChannel()
                    .getId();
            calls.call(
                "chat.postMessage", () -> client.chatPostMessage(m -> m.channel(dm).text(safe)));
          }
        });
  }

  private void publishHome(MethodsClient client, UserId viewer) {
    attempt(
        "publish the App Home of " + viewer,
        () -> {
          List<AccessRequest> active = engine.requestsOf(viewer, HOLDING, HOME_LIST_LIMIT);
          List<AccessRequest> pending =
              engine.requestsOf(viewer, EnumSet.of(RequestStatus.PENDING), HOME_LIST_LIMIT);
          List<AccessRequest> awaiting = engine.awaitingApprovalBy(viewer, HOME_LIST_LIMIT);
          List<AccessRequest> others =
              engine.policy().admins().contains(viewer)
                  ? engine.activeRequests(HOME_LIST_LIMIT).stream()
                      .filter(r -> !r.requester().equals(viewer))
                      .toList()
                  : List.of();
          View home = AppHome.build(viewer, active, pending, awaiting, others);
          calls.call(
              "views.publish", () -> client.viewsPublish(v -> v.userId(viewer.value()).view(home)));
        });
  }

  /** Opens a modal with a trigger id; the Slack error when it could not. */
  private Optional<String> openModal(MethodsClient client, String triggerId, View view) {
    try {
      once.call("views.open", () -> client.viewsOpen(v -> v.triggerId(triggerId).view(view)));
      return Optional.empty();
    } catch (SlackCalls.SlackFailure e) {
      LOG.warn("could not open a modal: {}", e.getMessage());
      return Optional.of(e.error());
    }
  }

  private View requestModal(Optional<ResourceId> chosen, RequestModal.Form previous) {
    return RequestModal.build(
        engine.policy(), chosen, previous, config.justificationMin(), config.justificationMax());
  }

  private Optional<ResourceId> resourceIn(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Policy policy = engine.policy();
    return Arrays.stream(text.trim().split("\\s+"))
        .map(Handlers::resourceId)
        .flatMap(Optional::stream)
        .filter(r -> policy.resource(r).isPresent())
        .findFirst();
  }

  private static boolean isHome(BlockActionPayload p) {
    return p.getView() != null && "home".equals(p.getView().getType());
  }

  private static Optional<String> messageChannel(BlockActionPayload p) {
    if (p.getContainer() != null
        && "message".equals(p.getContainer().getType())
        && p.getContainer().getChannelId() != null) {
      return Optional.of(p.getContainer().getChannelId());
    }
    return Optional.empty();
  }

  /**
   * {@code verb:user:discriminator}: the discriminator is the click's {@code action_ts} or the
   * submitted view's id, which Slack repeats when it redelivers the same payload.
   */
  private static IdempotencyKey key(String verb, UserId user, String discriminator) {
    String d = discriminator == null || discriminator.isBlank() ? "none" : discriminator;
    return new IdempotencyKey(verb + ":" + user.value() + ":" + d);
  }

  private static Optional<RequestId> requestId(String value) {
    return parse(value, RequestId::new);
  }

  private static Optional<ResourceId> resourceId(String value) {
    return parse(value, ResourceId::new);
  }

  private static <T> Optional<T> parse(String value, Function<String, T> make) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(make.apply(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void attempt(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("could not {} in Slack: {}", what, e.toString());
    }
  }
}
