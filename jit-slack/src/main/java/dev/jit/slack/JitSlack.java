package dev.jit.slack;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.methods.MethodsClient;
import dev.jit.core.JitEngine;
import dev.jit.core.policy.Policy;
import dev.jit.slack.internal.AckBudget;
import dev.jit.slack.internal.AmendmentListeners;
import dev.jit.slack.internal.AppHomeListeners;
import dev.jit.slack.internal.DecisionListeners;
import dev.jit.slack.internal.Replies;
import dev.jit.slack.internal.RequestModalListeners;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Adds jit to a Bolt {@link App} the embedder owns, and makes the {@link SlackNotifier} the engine
 * needs at build time.
 *
 * <pre>{@code
 * JitSlackConfig config = JitSlackConfig.builder(messageRefs, executor).build();
 * SlackNotifier notifier = JitSlack.notifier(Slack.getInstance(), botToken, () -> policy, config);
 * JitEngine engine = JitEngine.builder()...notifier(notifier).build();
 * App app = new App(AppConfig.builder().singleTeamBotToken(botToken).signingSecret(secret)
 *     .requestVerificationEnabled(false).build());   // SlackHttpServer verifies instead
 * JitSlack.install(app, engine, config);
 * SlackHttpServer server = SlackHttpServer.builder(app, secret).start();
 * }</pre>
 *
 * <p>See {@code docs/slack-handlers.md} for what each listener does and which bot scopes it needs.
 */
public final class JitSlack {
  private JitSlack() {}

  /**
   * Registers jit's listeners on {@code app}: the slash command and global shortcut that open the
   * request modal, its submission, the resource select, the Approve, Deny, Revoke, Cancel and
   * Request access buttons, the deny reason modal and {@code app_home_opened}; and a middleware
   * refusing payloads of another workspace than the bot token's ({@link WorkspaceBinding}, which
   * applies to the app's other listeners too), and one giving every request 2 s until its ack,
   * within which {@link SlackDirectory} neither sleeps nor retries. Other listeners of the app are
   * left alone; registering jit twice on one app is not supported.
   */
  public static void install(App app, JitEngine engine, JitSlackConfig config) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(config, "config");
    app.use(WorkspaceBinding.of(app).middleware());
    app.use(AckBudget.middleware(AckBudget.DEFAULT));
    Replies replies = new Replies(engine, config);
    new RequestModalListeners(engine, config, replies).register(app);
    new DecisionListeners(replies).register(app);
    new AppHomeListeners(replies).register(app);
    new AmendmentListeners(engine, replies).register(app);
  }

  /** A notifier calling Slack through {@code methods}, a client with the bot token. */
  public static SlackNotifier notifier(
      MethodsClient methods, Supplier<Policy> policy, JitSlackConfig config) {
    return SlackNotifier.builder(methods, config.messageRefs())
        .policy(policy)
        .rateLimitRetry(config.rateLimitRetry())
        .build();
  }

  /** A notifier calling Slack with {@code botToken} ({@code xoxb-…}). */
  public static SlackNotifier notifier(
      Slack slack, String botToken, Supplier<Policy> policy, JitSlackConfig config) {
    Objects.requireNonNull(slack, "slack");
    Objects.requireNonNull(botToken, "botToken");
    return notifier(slack.methods(botToken), policy, config);
  }
}
