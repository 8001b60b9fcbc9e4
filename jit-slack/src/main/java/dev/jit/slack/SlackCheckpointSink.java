package dev.jit.slack;

import com.slack.api.methods.MethodsClient;
import dev.jit.slack.internal.SlackCalls;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.CheckpointSink;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Anchors signed audit checkpoints in a Slack channel: one short message per checkpoint with the
 * signed head (sequence, hash, time, key id, signature). The database's operators cannot edit a
 * Slack channel, so the channel is a witness a truncated or rewritten audit table is checked
 * against; use a channel only auditors and admins can read, with message editing and deletion
 * restricted by the workspace's settings.
 *
 * <p>HTTP 429 is retried after {@code Retry-After} ({@link RateLimitRetry}); any other failure
 * ({@code ok: false}, an unreachable Slack, 429 after the last attempt) throws {@link
 * dev.jit.spi.JitException}, so that the {@code Checkpointer} keeps the checkpoint queued, raises
 * the alarm and tries again: a checkpoint is never dropped. Posting the same checkpoint twice posts
 * it twice, which is harmless to verification. This sink cannot read the channel back: copy the
 * checkpoints from the channel's export for {@code jit audit verify}. Thread-safe.
 */
public final class SlackCheckpointSink implements CheckpointSink {
  private static final Pattern CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,20}");

  private final MethodsClient methods;
  private final String channel;
  private final SlackCalls calls;

  /**
   * @param channel the audit channel's id (e.g. {@code C0123AUDIT}); the bot must be a member
   */
  public SlackCheckpointSink(MethodsClient methods, String channel, RateLimitRetry retry) {
    this.methods = Objects.requireNonNull(methods, "methods");
    Objects.requireNonNull(channel, "channel");
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException(
          "the audit channel must be a Slack channel id, e.g. C0123AUDIT");
    }
    this.channel = channel;
    this.calls = new SlackCalls(retry);
  }

  public SlackCheckpointSink(MethodsClient methods, String channel) {
    this(methods, channel, RateLimitRetry.ofDefaults());
  }

  @Override
  public String name() {
    return "slack:" + channel;
  }

  @Override
  public void write(Checkpoint checkpoint) {
    String text = text(checkpoint);
    calls.call(
        "chat.postMessage",
        () -> methods.chatPostMessage(p -> p.channel(channel).text(text).mrkdwn(true)));
  }

  /**
   * The message: every value in a code span, escaped, so nothing in it renders as a mention, a link
   * or formatting.
   */
  static String text(Checkpoint c) {
    return ":lock: jit audit checkpoint: record `"
        + c.sequence()
        + "` has hash `"
        + Mrkdwn.escape(c.hash())
        + "`\nsigned at `"
        + c.at()
        + "` with key `"
        + Mrkdwn.escape(c.keyId())
        + "`\nsignature `"
        + Mrkdwn.escape(c.signature())
        + "`";
  }
}
