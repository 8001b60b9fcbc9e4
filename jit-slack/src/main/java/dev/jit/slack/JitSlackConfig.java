package dev.jit.slack;

import dev.jit.spi.MessageRefStore;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What {@link JitSlack#install} and {@link JitSlack#notifier} need besides the app and the engine.
 * Build with {@link #builder(MessageRefStore, Executor)}; immutable. What a request must meet
 * (justification bounds and the rest) is not configured here: the modal takes the engine's {@link
 * dev.jit.core.JitEngine#submissionRules()}.
 *
 * @param messageRefs where the notifier remembers its approval messages (durable in production, so
 *     a restarted or second instance can update them)
 * @param executor runs engine commands and Slack calls after the ack; the embedder owns it and
 *     shuts it down. Give it a bounded queue (the reference app: 4 threads, 256 queued): when it
 *     refuses a task ({@link java.util.concurrent.RejectedExecutionException}), the person is told
 *     that jit is busy and to try again, and {@link SlackMetrics#busy} counts it
 * @param slashCommand the slash command that opens the request modal, {@value #DEFAULT_COMMAND}
 *     unless set
 * @param shortcutCallbackId the callback id of the global shortcut that opens it, {@value
 *     #DEFAULT_SHORTCUT} unless set
 * @param rateLimitRetry how HTTP 429 from Slack is retried in background calls
 * @param metrics what the listeners count (refusals, busy replies); {@link SlackMetrics#NONE}
 *     unless set
 */
public record JitSlackConfig(
    MessageRefStore messageRefs,
    Executor executor,
    String slashCommand,
    String shortcutCallbackId,
    RateLimitRetry rateLimitRetry,
    SlackMetrics metrics) {
  public static final String DEFAULT_COMMAND = "/jit";
  public static final String DEFAULT_SHORTCUT = "jit_request";

  public JitSlackConfig {
    Objects.requireNonNull(messageRefs, "messageRefs");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(slashCommand, "slashCommand");
    if (!slashCommand.matches("/[a-z0-9_-]{1,31}")) {
      throw new IllegalArgumentException("slashCommand must look like /jit");
    }
    Objects.requireNonNull(shortcutCallbackId, "shortcutCallbackId");
    if (shortcutCallbackId.isBlank() || shortcutCallbackId.length() > 255) {
      throw new IllegalArgumentException("shortcutCallbackId must be 1 to 255 characters");
    }
    Objects.requireNonNull(rateLimitRetry, "rateLimitRetry");
    Objects.requireNonNull(metrics, "metrics");
  }

  public static Builder builder(MessageRefStore messageRefs, Executor executor) {
    return new Builder(messageRefs, executor);
  }

  /** Builds a {@link JitSlackConfig} with the defaults for everything not set. */
  public static final class Builder {
    private final MessageRefStore messageRefs;
    private final Executor executor;
    private String slashCommand = DEFAULT_COMMAND;
    private String shortcutCallbackId = DEFAULT_SHORTCUT;
    private RateLimitRetry rateLimitRetry = RateLimitRetry.ofDefaults();
    private SlackMetrics metrics = SlackMetrics.NONE;

    private Builder(MessageRefStore messageRefs, Executor executor) {
      this.messageRefs = messageRefs;
      this.executor = executor;
    }

    public Builder slashCommand(String slashCommand) {
      this.slashCommand = slashCommand;
      return this;
    }

    public Builder shortcutCallbackId(String shortcutCallbackId) {
      this.shortcutCallbackId = shortcutCallbackId;
      return this;
    }

    public Builder rateLimitRetry(RateLimitRetry rateLimitRetry) {
      this.rateLimitRetry = rateLimitRetry;
      return this;
    }

    public Builder metrics(SlackMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    public JitSlackConfig build() {
      return new JitSlackConfig(
          messageRefs, executor, slashCommand, shortcutCallbackId, rateLimitRetry, metrics);
    }
  }
}
