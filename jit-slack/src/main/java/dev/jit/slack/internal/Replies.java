package dev.jit.slack.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.view.View;
import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.slack.JitSlackConfig;
import dev.jit.slack.Mrkdwn;
import dev.jit.slack.SlackMetrics;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.UserId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every surface's listeners share: running a command after the ack and telling the user about
 * a refusal, opening a modal with a {@code trigger_id}, and the Slack calls behind them. Calls made
 * before the ack (a {@code trigger_id} lives 3 s) are not retried; calls after it retry HTTP 429 as
 * the config says. Thread-safe.
 *
 * <p>When the executor refuses work (its queue is full), nothing is dropped in silence: the person
 * is told plainly that jit is busy and to try again (a modal stays open with that under a field; a
 * click gets an ephemeral or direct message, sent from a small thread of its own), {@link
 * SlackMetrics#busy} counts it, and it is logged at WARN.
 */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
  private static final int FEEDBACK_MAX = 500;
  private static final String TROUBLE =
      "Sorry, that did not go through: jit could not reach a system it depends on. The request"
          + " is as its message shows; try again in a moment.";
  private static final String BUSY =
      "jit is busy right now, so this was not done. Please try again in a minute.";

  private final JitEngine engine;
  private final Executor executor;
  private final SlackCalls calls;
  private final SlackCalls once;

  /** Where views.open runs while a listener waits for it within its ack budget. */
  private final ThreadPoolExecutor modalCalls = AckBudget.pool("jit-slack-views-open", 4, 64);

  private final HomePublisher home;
  private final SlackMetrics metrics;

  /** Tells people that jit is busy when the executor is full: one thread, idle ones end. */
  private final ThreadPoolExecutor notices =
      new ThreadPoolExecutor(
          1,
          1,
          10,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(64),
          r -> {
            Thread t = new Thread(r, "jit-slack-busy");
            t.setDaemon(true);
            return t;
          });

  public Replies(JitEngine engine, JitSlackConfig config) {
    this.engine = engine;
    this.executor = config.executor();
    this.metrics = config.metrics();
    notices.allowCoreThreadTimeOut(true);
    this.calls = new SlackCalls(config.rateLimitRetry());
    // trigger_ids live 3 s: a call made before the ack is not retried
    this.once = new SlackCalls(config.rateLimitRetry().withMaxAttempts(1));
    this.home = new HomePublisher(engine, calls);
  }

  /** Makes the command a button click asks for. */
  @FunctionalInterface
  interface CommandFactory {
    Command create(RequestId id, UserId user, IdempotencyKey key);
  }

  /**
   * A button whose value is a request id: acks at once and runs the command on the executor with
   * the key {@code verb:user:action_ts}; a click on the App Home refreshes that Home afterwards.
   */
  Response button(BlockActionRequest req, ActionContext ctx, String verb, CommandFactory factory) {
    BlockActionPayload p = req.getPayload();
    UserId user = new UserId(p.getUser().getId());
    BlockActionPayload.Action action = p.getActions().get(0);
    Optional<RequestId> id = Payloads.requestId(action.getValue());
    IdempotencyKey key = Payloads.key(verb, user, action.getActionTs());
    boolean fromHome = Payloads.isHome(p);
    Optional<String> channel = Payloads.messageChannel(p);
    MethodsClient client = ctx.client();
    if (id.isPresent()) {
      Command command = factory.create(id.get(), user, key);
      if (!later(verb, () -> run(command, client, user, channel, fromHome))) {
        tellBusy(client, user, channel);
      }
    }
    return ctx.ack();
  }

  /**
   * Runs {@code task} on the configured executor, after the ack; false when the executor refused it
   * (counted as {@code action} and logged), and the caller tells the person.
   */
  boolean later(String action, Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      metrics.busy(action);
      LOG.warn("jit is busy: the Slack executor refused {}; the person is asked to retry", action);
      return false;
    }
  }

  /**
   * A modal's command, run after the ack; when jit is busy the modal stays open, saying so under
   * {@code block}.
   */
  Response submitLater(
      ViewSubmissionContext ctx, String block, Command command, UserId user, boolean refreshHome) {
    MethodsClient client = ctx.client();
    return later(name(command), () -> run(command, client, user, Optional.empty(), refreshHome))
        ? ctx.ack()
        : ctx.ackWithErrors(Map.of(block, BUSY));
  }

  /** Tells {@code user} that jit is busy, from the notice thread (the executor is full). */
  void tellBusy(MethodsClient client, UserId user, Optional<String> channel) {
    try {
      notices.execute(() -> tell(client, user, channel, BUSY));
    } catch (RejectedExecutionException e) {
      LOG.warn("jit is busy and could not even tell {} so", user);
    }
  }

  /** Counts a refusal of the engine's. */
  void refused(Command command, Outcome outcome) {
    outcome
        .rejection()
        .ifPresent(
            why -> {
              try {
                metrics.refused(name(command), why.name());
              } catch (RuntimeException e) {
                LOG.warn("counting a refusal failed: {}", e.toString());
              }
            });
  }

  private static String name(Command command) {
    return command.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** Runs a command; tells the user about a refusal; refreshes their Home when asked. */
  void run(
      Command command,
      MethodsClient client,
      UserId user,
      Optional<String> channel,
      boolean refreshHome) {
    try {
      Outcome outcome = engine.handle(command);
      if (outcome.result() == Outcome.Result.REJECTED) {
        refused(command, outcome);
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

  /** The sentence a person sees when a command failed for want of a system jit depends on. */
  static String trouble() {
    return TROUBLE;
  }

  /** An ephemeral message in the channel the click came from, else a direct message. */
  void tell(MethodsClient client, UserId user, Optional<String> channel, String text) {
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

  /**
   * Opens a modal with a trigger id, once, waiting for Slack no longer than the ack's budget; the
   * Slack error when it could not ({@code deadline} when Slack did not answer in time).
   */
  Optional<String> openModal(MethodsClient client, String triggerId, View view) {
    try {
      AckBudget.within(
          modalCalls,
          "views.open",
          () ->
              once.call(
                  "views.open", () -> client.viewsOpen(v -> v.triggerId(triggerId).view(view))));
      return Optional.empty();
    } catch (SlackCalls.SlackFailure e) {
      LOG.warn("could not open a modal: {}", e.getMessage());
      return Optional.of(e.error().equals("deadline") ? "Slack did not answer in time" : e.error());
    }
  }

  /** Replaces an open view with {@code next}, unless it changed since ({@code hash}). */
  void updateView(MethodsClient client, View open, View next) {
    attempt(
        "update the request modal",
        () ->
            calls.call(
                "views.update",
                () ->
                    client.viewsUpdate(
                        u -> u.viewId(open.getId()).hash(open.getHash()).view(next))));
  }

  /** Publishes {@code viewer}'s App Home. */
  void publishHome(MethodsClient client, UserId viewer) {
    attempt("publish the App Home of " + viewer, () -> home.publish(client, viewer));
  }

  private static void attempt(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("could not {} in Slack: {}", what, e.toString());
    }
  }
}
