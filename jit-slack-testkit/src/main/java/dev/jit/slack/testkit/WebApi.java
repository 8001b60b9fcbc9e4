package dev.jit.slack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fake's workspace state and one handler per served Web API method: chat, conversations, users
 * and user groups here, the views area (trigger ids, modals, App Home) in {@link ViewsApi}. Every
 * public-facing read and every handler runs under this object's monitor, so the state is consistent
 * across server threads.
 */
final class WebApi {

  static final int MESSAGE_BLOCK_LIMIT = 50;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** An answer to a call: {@code ok} or an error code, with the JSON body to send. */
  record Answer(String outcome, ObjectNode body) {
    static Answer ok(ObjectNode body) {
      body.put("ok", true);
      return new Answer("ok", body);
    }

    static Answer ok() {
      return ok(JSON.objectNode());
    }

    static Answer error(String error) {
      ObjectNode body = JSON.objectNode().put("ok", false).put("error", error);
      return new Answer(error, body);
    }
  }

  private final Clock clock;
  private final Map<String, FakeSlack.User> users = new HashMap<>();
  private final Map<String, Set<String>> groups = new HashMap<>();
  private boolean freePlan;
  private final Map<String, String> dmChannels = new HashMap<>();
  private final Map<String, Map<String, FakeSlack.Message>> messages = new HashMap<>();
  private final ViewsApi views;
  private long lastTsMicros;
  private long sequence;

  WebApi(Clock clock) {
    this.clock = clock;
    this.views = new ViewsApi(clock, () -> ++sequence);
  }

  synchronized void reset() {
    users.clear();
    groups.clear();
    freePlan = false;
    dmChannels.clear();
    messages.clear();
    views.reset();
  }

  synchronized void addUser(FakeSlack.User user) {
    users.put(user.id(), user);
  }

  synchronized void addGroup(String groupId, Set<String> userIds) {
    groups.put(groupId, Set.copyOf(userIds));
  }

  synchronized void freePlan(boolean freePlan) {
    this.freePlan = freePlan;
  }

  synchronized String issueTriggerId() {
    return views.issueTriggerId();
  }

  synchronized String dmChannel(String userId) {
    return dmChannels.computeIfAbsent(userId, u -> String.format("D%08d", dmChannels.size() + 1));
  }

  synchronized Optional<FakeSlack.Message> message(String channel, String ts) {
    return Optional.ofNullable(messages.getOrDefault(channel, Map.of()).get(ts));
  }

  synchronized List<FakeSlack.Message> messages(String channel) {
    List<FakeSlack.Message> list =
        new ArrayList<>(messages.getOrDefault(channel, Map.of()).values());
    list.sort(Comparator.comparing(FakeSlack.Message::ts));
    return List.copyOf(list);
  }

  synchronized Optional<JsonNode> view(String viewId) {
    return views.view(viewId);
  }

  synchronized Optional<JsonNode> homeView(String userId) {
    return views.homeView(userId);
  }

  /** Answers a call whose token has been checked. */
  synchronized Answer handle(String method, Map<String, String> params, JsonNode body) {
    switch (method) {
      case "auth.test":
        return authTest();
      case "chat.postMessage":
        return chatPostMessage(params, body);
      case "chat.update":
        return chatUpdate(params, body);
      case "chat.postEphemeral":
        return chatPostEphemeral(params);
      case "conversations.open":
        return conversationsOpen(params);
      case "conversations.history":
        return conversationsHistory(params);
      case "views.open":
        return views.viewsOpen(params, body);
      case "views.update":
        return views.viewsUpdate(params, body);
      case "views.publish":
        return views.viewsPublish(params, body);
      case "users.info":
        return usersInfo(params);
      case "users.lookupByEmail":
        return usersLookupByEmail(params);
      case "usergroups.users.list":
        return usergroupsUsersList(params);
      default:
        return Answer.error("unknown_method");
    }
  }

  private Answer authTest() {
    return Answer.ok(
        JSON.objectNode()
            .put("url", "https://jit-fake.slack.com/")
            .put("team", "jit fake")
            .put("user", "jit")
            .put("team_id", FakeSlack.TEAM_ID)
            .put("user_id", FakeSlack.BOT_USER_ID)
            .put("bot_id", FakeSlack.BOT_ID)
            .put("is_enterprise_install", false));
  }

  private Answer chatPostMessage(Map<String, String> params, JsonNode body) {
    String channel = params.get("channel");
    if (blank(channel)) {
      return Answer.error("channel_not_found");
    }
    if (users.containsKey(channel)) {
      channel = dmChannel(channel);
    }
    if (blank(params.get("text")) && !body.has("blocks") && !body.has("attachments")) {
      return Answer.error("no_text");
    }
    Optional<String> blocksError = checkBlocks(body.get("blocks"), MESSAGE_BLOCK_LIMIT);
    if (blocksError.isPresent()) {
      return Answer.error(blocksError.get());
    }
    JsonNode metadata = body.get("metadata");
    if (metadata != null
        && (!metadata.isObject()
            || !metadata.path("event_type").isTextual()
            || !metadata.path("event_payload").isObject())) {
      return Answer.error("invalid_metadata_format");
    }
    String ts = nextTs();
    FakeSlack.Message message =
        new FakeSlack.Message(
            channel,
            ts,
            params.getOrDefault("text", ""),
            blocksOf(body),
            Optional.ofNullable(params.get("thread_ts")),
            0,
            Optional.ofNullable(metadata));
    messages.computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(ts, message);
    return Answer.ok(
        JSON.objectNode().put("channel", channel).put("ts", ts).set("message", toJson(message)));
  }

  private Answer chatUpdate(Map<String, String> params, JsonNode body) {
    String channel = params.get("channel");
    if (blank(channel)) {
      return Answer.error("channel_not_found");
    }
    FakeSlack.Message old =
        messages.getOrDefault(channel, Map.of()).get(params.getOrDefault("ts", ""));
    if (old == null) {
      return Answer.error("message_not_found");
    }
    Optional<String> blocksError = checkBlocks(body.get("blocks"), MESSAGE_BLOCK_LIMIT);
    if (blocksError.isPresent()) {
      return Answer.error(blocksError.get());
    }
    FakeSlack.Message updated =
        new FakeSlack.Message(
            channel,
            old.ts(),
            params.getOrDefault("text", old.text()),
            body.has("blocks") ? blocksOf(body) : old.blocks(),
            old.threadTs(),
            old.edits() + 1,
            old.metadata());
    messages.get(channel).put(old.ts(), updated);
    return Answer.ok(
        JSON.objectNode()
            .put("channel", channel)
            .put("ts", old.ts())
            .put("text", updated.text())
            .set("message", toJson(updated)));
  }

  private Answer chatPostEphemeral(Map<String, String> params) {
    if (blank(params.get("channel"))) {
      return Answer.error("channel_not_found");
    }
    if (blank(params.get("user"))) {
      return Answer.error("user_not_in_channel");
    }
    return Answer.ok(JSON.objectNode().put("message_ts", nextTs()));
  }

  private Answer conversationsOpen(Map<String, String> params) {
    String list = params.get("users");
    if (blank(list)) {
      String channel = params.get("channel");
      return blank(channel)
          ? Answer.error("users_list_not_supplied")
          : Answer.ok(JSON.objectNode().set("channel", JSON.objectNode().put("id", channel)));
    }
    Set<String> ids = new TreeSet<>(List.of(list.split(",")));
    String key = String.join(",", ids);
    boolean alreadyOpen = dmChannels.containsKey(key);
    String id =
        ids.size() == 1
            ? dmChannel(key)
            : dmChannels.computeIfAbsent(key, k -> String.format("G%08d", dmChannels.size() + 1));
    ObjectNode answer = JSON.objectNode();
    answer.set("channel", JSON.objectNode().put("id", id));
    answer.put("already_open", alreadyOpen);
    return Answer.ok(answer);
  }

  /**
   * A channel's messages newest first, as Slack pages them: {@code limit} (default 100, at most
   * 999), {@code oldest}/{@code latest} bounds on ts (exclusive unless {@code inclusive}), a {@code
   * cursor} from {@code response_metadata.next_cursor}; {@code metadata} only with {@code
   * include_all_metadata}. Like chat.postMessage, it takes any channel id: one without messages
   * answers an empty page.
   */
  private Answer conversationsHistory(Map<String, String> params) {
    String channel = params.get("channel");
    if (blank(channel)) {
      return Answer.error("channel_not_found");
    }
    int limit;
    int offset;
    try {
      limit = Math.min(Integer.parseInt(params.getOrDefault("limit", "100")), 999);
      offset = blank(params.get("cursor")) ? 0 : Integer.parseInt(params.get("cursor"));
    } catch (NumberFormatException e) {
      return Answer.error("invalid_arguments");
    }
    if (limit < 1 || offset < 0) {
      return Answer.error("invalid_arguments");
    }
    boolean inclusive = flag(params.get("inclusive"));
    boolean metadata = flag(params.get("include_all_metadata"));
    List<FakeSlack.Message> all = new ArrayList<>(messages(channel));
    all.sort(Comparator.comparing(FakeSlack.Message::ts).reversed());
    List<FakeSlack.Message> inRange =
        all.stream()
            .filter(m -> after(m.ts(), params.get("oldest"), inclusive))
            .filter(m -> after(params.get("latest"), m.ts(), inclusive))
            .toList();
    ArrayNode page = JSON.arrayNode();
    for (int i = offset; i < Math.min(offset + limit, inRange.size()); i++) {
      ObjectNode json = toJson(inRange.get(i));
      if (metadata) {
        inRange.get(i).metadata().ifPresent(md -> json.set("metadata", md.deepCopy()));
      }
      page.add(json);
    }
    boolean more = offset + limit < inRange.size();
    ObjectNode answer = JSON.objectNode();
    answer.set("messages", page);
    answer.put("has_more", more);
    answer.set(
        "response_metadata",
        JSON.objectNode().put("next_cursor", more ? String.valueOf(offset + limit) : ""));
    return Answer.ok(answer);
  }

  /** A boolean argument as Slack reads it: {@code true} or {@code 1}. */
  private static boolean flag(String value) {
    return "true".equals(value) || "1".equals(value);
  }

  /** Whether ts {@code a} comes after {@code b}; an absent bound is no bound. */
  private static boolean after(String a, String b, boolean inclusive) {
    if (blank(a) || blank(b)) {
      return true;
    }
    int c = new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
    return inclusive ? c >= 0 : c > 0;
  }

  private Answer usersInfo(Map<String, String> params) {
    FakeSlack.User user = users.get(params.getOrDefault("user", ""));
    return user == null
        ? Answer.error("user_not_found")
        : Answer.ok(JSON.objectNode().set("user", toJson(user)));
  }

  private Answer usersLookupByEmail(Map<String, String> params) {
    String email = params.getOrDefault("email", "");
    return users.values().stream()
        .filter(u -> u.email().filter(email::equalsIgnoreCase).isPresent())
        .findFirst()
        .map(u -> Answer.ok(JSON.objectNode().set("user", toJson(u))))
        .orElseGet(() -> Answer.error("users_not_found"));
  }

  private Answer usergroupsUsersList(Map<String, String> params) {
    if (freePlan) {
      return Answer.error("plan_upgrade_required");
    }
    Set<String> members = groups.get(params.getOrDefault("usergroup", ""));
    if (members == null) {
      return Answer.error("no_such_subteam");
    }
    ArrayNode list = JSON.arrayNode();
    new TreeSet<>(members).forEach(list::add);
    return Answer.ok(JSON.objectNode().set("users", list));
  }

  /** A unique, increasing message timestamp close to the clock, like {@code 1700000000.000100}. */
  private String nextTs() {
    long micros = Math.max(lastTsMicros + 100, clock.millis() * 1000);
    lastTsMicros = micros;
    return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
  }

  static Optional<String> checkBlocks(JsonNode blocks, int limit) {
    if (blocks == null) {
      return Optional.empty();
    }
    if (!blocks.isArray()) {
      return Optional.of("invalid_blocks_format");
    }
    return blocks.size() > limit ? Optional.of("invalid_blocks") : Optional.empty();
  }

  private static JsonNode blocksOf(JsonNode body) {
    JsonNode blocks = body.get("blocks");
    return blocks == null ? JSON.arrayNode() : blocks.deepCopy();
  }

  private static ObjectNode toJson(FakeSlack.Message message) {
    ObjectNode json =
        JSON.objectNode()
            .put("type", "message")
            .put("text", message.text())
            .put("user", FakeSlack.BOT_USER_ID)
            .put("bot_id", FakeSlack.BOT_ID)
            .put("app_id", FakeSlack.APP_ID)
            .put("team", FakeSlack.TEAM_ID)
            .put("ts", message.ts());
    message.threadTs().ifPresent(t -> json.put("thread_ts", t));
    if (!message.blocks().isEmpty()) {
      json.set("blocks", message.blocks());
    }
    return json;
  }

  private static ObjectNode toJson(FakeSlack.User user) {
    ObjectNode profile =
        JSON.objectNode().put("real_name", user.realName()).put("display_name", user.name());
    user.email().ifPresent(e -> profile.put("email", e));
    ObjectNode json =
        JSON.objectNode()
            .put("id", user.id())
            .put("team_id", FakeSlack.TEAM_ID)
            .put("name", user.name())
            .put("real_name", user.realName())
            .put("deleted", user.deleted())
            .put("is_bot", user.bot())
            .put("is_restricted", user.restricted())
            .put("is_ultra_restricted", user.ultraRestricted())
            .put("is_admin", false)
            .put("tz", "Etc/UTC");
    json.set("profile", profile);
    return json;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
