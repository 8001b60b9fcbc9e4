package dev.jit.slack.internal;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.model.Message;
import dev.jit.slack.SlackMessage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a notification's messages so that posting one again shows nothing twice: every message
 * carries the notification's key in its {@code metadata} (event type {@value #EVENT_TYPE}), and a
 * repeated delivery first looks for it with {@code conversations.history} ({@code
 * include_all_metadata}), reading only what was posted since the request was made.
 */
public final class SlackPosts {
  /** The {@code metadata.event_type} of every message jit posts about a notification. */
  public static final String EVENT_TYPE = "jit_notification";

  private static final Logger LOG = LoggerFactory.getLogger(SlackPosts.class);

  private static final int PAGE = 200;
  private static final int MAX_PAGES = 10;

  /** Slack error codes worth trying again: Slack's trouble, not the request's. */
  private static final Set<String> RETRYABLE =
      Set.of(
          "ratelimited",
          "unreachable",
          "no_response",
          "internal_error",
          "fatal_error",
          "service_unavailable",
          "request_timeout");

  private final MethodsClient methods;
  private final SlackCalls calls;

  public SlackPosts(MethodsClient methods, SlackCalls calls) {
    this.methods = methods;
    this.calls = calls;
  }

  /** A posted message: channel id and ts. */
  public record Posted(String channel, String ts) {}

  /**
   * Posts {@code message} to {@code channel} with {@code key}; when {@code again}, first looks for
   * a message with that key posted since {@code since} and returns it instead.
   */
  public Posted post(
      String channel, SlackMessage message, String key, boolean again, Instant since) {
    if (again) {
      Optional<Posted> there = Optional.empty();
      try {
        there = find(channel, key, since);
      } catch (RuntimeException e) {
        if (retryable(e)) {
          throw e;
        }
        // Posting twice beats not posting: say why the check is not possible (a missing scope).
        LOG.warn("cannot look for an earlier delivery in {}; posting: {}", channel, e.getMessage());
      }
      if (there.isPresent()) {
        return there.get();
      }
    }
    Message.Metadata metadata = new Message.Metadata(EVENT_TYPE, Map.of("key", key));
    ChatPostMessageResponse posted =
        calls.call(
            "chat.postMessage",
            () ->
                methods.chatPostMessage(
                    p ->
                        p.channel(channel)
                            .text(message.text())
                            .blocks(message.blocks())
                            .metadata(metadata)));
    return new Posted(posted.getChannel(), posted.getTs());
  }

  private Optional<Posted> find(String channel, String key, Instant since) {
    String cursor = null;
    String oldest = (since.getEpochSecond() - 1) + ".000000";
    for (int page = 0; page < MAX_PAGES; page++) {
      String from = cursor;
      ConversationsHistoryResponse history =
          calls.call(
              "conversations.history",
              () ->
                  methods.conversationsHistory(
                      h ->
                          h.channel(channel)
                              .oldest(oldest)
                              .limit(PAGE)
                              .includeAllMetadata(true)
                              .cursor(from)));
      for (Message m : history.getMessages()) {
        if (m.getMetadata() != null
            && EVENT_TYPE.equals(m.getMetadata().getEventType())
            && m.getMetadata().getEventPayload() != null
            && key.equals(m.getMetadata().getEventPayload().get("key"))) {
          return Optional.of(new Posted(channel, m.getTs()));
        }
      }
      cursor =
          history.getResponseMetadata() == null
              ? null
              : history.getResponseMetadata().getNextCursor();
      if (!history.isHasMore() || cursor == null || cursor.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether a failed call is worth trying again later (Slack's trouble, not a lost cause). */
  public static boolean retryable(RuntimeException e) {
    if (e instanceof SlackCalls.SlackFailure f) {
      return RETRYABLE.contains(f.error()) || f.error().startsWith("http_5");
    }
    return true;
  }
}
