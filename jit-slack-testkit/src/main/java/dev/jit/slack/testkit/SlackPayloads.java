package dev.jit.slack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The payloads {@link SlackClient} sends, in the shapes Slack sends them: each {@code trigger_id}
 * issued by the fake, each {@code response_url} pointing at it, times from the clock. Kept apart
 * from the client's signing and transport, which do not depend on what a payload says. Immutable
 * and thread-safe.
 */
final class SlackPayloads {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Clock clock;
  private final FakeSlack slack;

  SlackPayloads(Clock clock, FakeSlack slack) {
    this.clock = clock;
    this.slack = slack;
  }

  /** A slash command's form fields, in Slack's order. */
  Map<String, String> slashCommand(String command, String text, String userId, String channelId) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", "fake-verification-token");
    form.put("team_id", FakeSlack.TEAM_ID);
    form.put("team_domain", "jit-fake");
    form.put("channel_id", channelId);
    form.put("channel_name", channelId.startsWith("D") ? "directmessage" : channelId);
    form.put("user_id", userId);
    form.put("user_name", userId);
    form.put("command", command);
    form.put("text", text);
    form.put("api_app_id", FakeSlack.APP_ID);
    form.put("is_enterprise_install", "false");
    form.put("response_url", slack.newResponseUrl());
    form.put("trigger_id", slack.issueTriggerId());
    return form;
  }

  /** A {@code block_actions} payload for a button click in a message or a view. */
  ObjectNode blockAction(
      String userId,
      String actionId,
      String blockId,
      String value,
      Optional<SlackClient.MessageContainer> message,
      Optional<JsonNode> view) {
    ObjectNode payload = MAPPER.createObjectNode().put("type", "block_actions");
    payload.set("user", user(userId));
    payload.put("api_app_id", FakeSlack.APP_ID);
    payload.put("token", "fake-verification-token");
    ObjectNode container = payload.putObject("container");
    payload.put("trigger_id", slack.issueTriggerId());
    payload.set("team", team());
    payload.putNull("enterprise");
    payload.put("is_enterprise_install", false);
    if (message.isPresent()) {
      SlackClient.MessageContainer m = message.get();
      container
          .put("type", "message")
          .put("message_ts", m.ts())
          .put("channel_id", m.channelId())
          .put("is_ephemeral", false);
      payload.putObject("channel").put("id", m.channelId()).put("name", m.channelId());
      ObjectNode messageJson =
          MAPPER
              .createObjectNode()
              .put("type", "message")
              .put("user", FakeSlack.BOT_USER_ID)
              .put("bot_id", FakeSlack.BOT_ID)
              .put("ts", m.ts());
      Optional<FakeSlack.Message> known = slack.message(m.channelId(), m.ts());
      messageJson.put("text", known.map(FakeSlack.Message::text).orElse(""));
      messageJson.set(
          "blocks", known.map(FakeSlack.Message::blocks).orElse(MAPPER.createArrayNode()));
      payload.set("message", messageJson);
      payload.putObject("state").putObject("values");
      payload.put("response_url", slack.newResponseUrl());
    }
    if (view.isPresent()) {
      container.put("type", "view").put("view_id", view.get().path("id").asText());
      payload.set("view", view.get().deepCopy());
    }
    ArrayNode actions = payload.putArray("actions");
    ObjectNode action = actions.addObject();
    action.put("action_id", actionId).put("block_id", blockId);
    action.putObject("text").put("type", "plain_text").put("text", actionId).put("emoji", true);
    action.put("value", value).put("type", "button").put("action_ts", actionTs());
    return payload;
  }

  /** A modal view with this callback id and private metadata, as Slack shows it to the app. */
  ObjectNode modal(String callbackId, String privateMetadata) {
    ObjectNode view = MAPPER.createObjectNode();
    String viewId = String.format("V9%07d", SEQUENCE.incrementAndGet());
    view.put("id", viewId).put("team_id", FakeSlack.TEAM_ID).put("type", "modal");
    view.putArray("blocks");
    view.put("private_metadata", privateMetadata).put("callback_id", callbackId);
    view.put("hash", clock.instant().getEpochSecond() + ".fake");
    view.putObject("title").put("type", "plain_text").put("text", "jit").put("emoji", true);
    view.put("clear_on_close", false).put("notify_on_close", false);
    view.putNull("previous_view_id");
    view.put("root_view_id", viewId).put("app_id", FakeSlack.APP_ID).put("external_id", "");
    view.put("app_installed_team_id", FakeSlack.TEAM_ID).put("bot_id", FakeSlack.BOT_ID);
    return view;
  }

  /** A {@code view_submission} of the view with its {@code state.values} replaced. */
  ObjectNode viewSubmission(
      String userId, JsonNode view, Map<String, Map<String, JsonNode>> values) {
    ObjectNode submitted = view.deepCopy();
    ObjectNode state = MAPPER.createObjectNode();
    ObjectNode stateValues = state.putObject("values");
    values.forEach(
        (blockId, actions) -> {
          ObjectNode block = stateValues.putObject(blockId);
          actions.forEach((actionId, value) -> block.set(actionId, value.deepCopy()));
        });
    submitted.set("state", state);
    ObjectNode payload = MAPPER.createObjectNode().put("type", "view_submission");
    payload.set("team", team());
    payload.set("user", user(userId));
    payload.put("api_app_id", FakeSlack.APP_ID);
    payload.put("token", "fake-verification-token");
    payload.put("trigger_id", slack.issueTriggerId());
    payload.set("view", submitted);
    payload.putArray("response_urls");
    payload.put("is_enterprise_install", false);
    payload.putNull("enterprise");
    return payload;
  }

  /** A global shortcut ({@code type: shortcut}) with a fresh {@code trigger_id}. */
  ObjectNode shortcut(String callbackId, String userId) {
    ObjectNode payload = MAPPER.createObjectNode().put("type", "shortcut");
    payload.put("token", "fake-verification-token");
    payload.put("action_ts", actionTs());
    payload.set("team", team());
    ObjectNode user = payload.putObject("user");
    user.put("id", userId).put("username", userId).put("team_id", FakeSlack.TEAM_ID);
    payload.put("is_enterprise_install", false);
    payload.putNull("enterprise");
    payload.put("callback_id", callbackId);
    payload.put("trigger_id", slack.issueTriggerId());
    return payload;
  }

  /** An {@code event_callback} carrying {@code app_home_opened} and the user's last Home view. */
  ObjectNode appHomeOpened(String userId) {
    long now = clock.instant().getEpochSecond();
    ObjectNode payload = MAPPER.createObjectNode();
    payload.put("token", "fake-verification-token");
    payload.put("team_id", FakeSlack.TEAM_ID);
    payload.put("api_app_id", FakeSlack.APP_ID);
    ObjectNode event = payload.putObject("event");
    event.put("type", "app_home_opened").put("user", userId);
    event.put("channel", slack.dmChannel(userId)).put("tab", "home");
    slack.homeView(userId).ifPresent(v -> event.set("view", v));
    event.put("event_ts", actionTs());
    payload.put("type", "event_callback");
    payload.put("event_id", String.format("Ev%010d", SEQUENCE.incrementAndGet()));
    payload.put("event_time", now);
    ObjectNode authorization = payload.putArray("authorizations").addObject();
    authorization.putNull("enterprise_id");
    authorization.put("team_id", FakeSlack.TEAM_ID).put("user_id", FakeSlack.BOT_USER_ID);
    authorization.put("is_bot", true).put("is_enterprise_install", false);
    payload.put("is_ext_shared_channel", false);
    return payload;
  }

  private static ObjectNode team() {
    return MAPPER.createObjectNode().put("id", FakeSlack.TEAM_ID).put("domain", "jit-fake");
  }

  private static ObjectNode user(String userId) {
    return MAPPER
        .createObjectNode()
        .put("id", userId)
        .put("username", userId)
        .put("name", userId)
        .put("team_id", FakeSlack.TEAM_ID);
  }

  private String actionTs() {
    long millis = clock.millis();
    return String.format(
        "%d.%06d", millis / 1000, (millis % 1000) * 1000 + SEQUENCE.incrementAndGet() % 1000);
  }
}
