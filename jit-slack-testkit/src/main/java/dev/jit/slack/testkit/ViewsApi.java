package dev.jit.slack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.slack.testkit.WebApi.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The views area of the fake Web API: {@code trigger_id}s, {@code views.open}, {@code
 * views.update}, {@code views.publish} and the views they stored, App Home included. Kept apart
 * from {@link WebApi} so the modal rules (single-use, expiring triggers; hashes; block and metadata
 * limits) read in one place. Not synchronised itself: {@link WebApi} calls it only under its own
 * monitor.
 */
final class ViewsApi {

  static final int VIEW_BLOCK_LIMIT = 100;
  static final int PRIVATE_METADATA_LIMIT = 3000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Clock clock;

  /** The workspace's one sequence, shared with {@link WebApi} so ids and hashes stay unique. */
  private final LongSupplier sequence;

  private final Map<String, Instant> triggers = new HashMap<>();
  private final Set<String> usedTriggers = new HashSet<>();
  private final Map<String, ObjectNode> views = new HashMap<>();
  private final Map<String, String> homeViewIds = new HashMap<>();

  ViewsApi(Clock clock, LongSupplier sequence) {
    this.clock = clock;
    this.sequence = sequence;
  }

  void reset() {
    triggers.clear();
    usedTriggers.clear();
    views.clear();
    homeViewIds.clear();
  }

  String issueTriggerId() {
    String id =
        String.format(
            "%d.%d.%016x",
            sequence.getAsLong(),
            clock.millis(),
            java.util.concurrent.ThreadLocalRandom.current().nextLong());
    triggers.put(id, clock.instant());
    return id;
  }

  Optional<JsonNode> view(String viewId) {
    return Optional.ofNullable(views.get(viewId)).map(JsonNode::deepCopy);
  }

  Optional<JsonNode> homeView(String userId) {
    return Optional.ofNullable(homeViewIds.get(userId)).flatMap(this::view);
  }

  Answer viewsOpen(Map<String, String> params, JsonNode body) {
    Optional<String> invalid = checkView(body.get("view"), VIEW_BLOCK_LIMIT);
    if (invalid.isPresent()) {
      return Answer.error(invalid.get());
    }
    String triggerId = params.get("trigger_id");
    if (WebApi.blank(triggerId)) {
      return Answer.error("invalid_arguments");
    }
    Instant issued = triggers.get(triggerId);
    if (issued == null) {
      return Answer.error("invalid_trigger_id");
    }
    if (usedTriggers.contains(triggerId)) {
      return Answer.error("exchanged_trigger_id");
    }
    if (Duration.between(issued, clock.instant()).compareTo(FakeSlack.TRIGGER_ID_LIFETIME) >= 0) {
      return Answer.error("expired_trigger_id");
    }
    usedTriggers.add(triggerId);
    String id = String.format("V%08d", views.size() + 1);
    return Answer.ok(JSON.objectNode().set("view", storeView(id, (ObjectNode) body.get("view"))));
  }

  Answer viewsUpdate(Map<String, String> params, JsonNode body) {
    Optional<String> invalid = checkView(body.get("view"), VIEW_BLOCK_LIMIT);
    if (invalid.isPresent()) {
      return Answer.error(invalid.get());
    }
    ObjectNode old = views.get(params.getOrDefault("view_id", ""));
    if (old == null) {
      return Answer.error("not_found");
    }
    String hash = params.get("hash");
    if (!WebApi.blank(hash) && !hash.equals(old.path("hash").asText())) {
      return Answer.error("hash_conflict");
    }
    return Answer.ok(
        JSON.objectNode()
            .set("view", storeView(old.get("id").asText(), (ObjectNode) body.get("view"))));
  }

  Answer viewsPublish(Map<String, String> params, JsonNode body) {
    String userId = params.get("user_id");
    if (WebApi.blank(userId)) {
      return Answer.error("invalid_arguments");
    }
    Optional<String> invalid = checkView(body.get("view"), VIEW_BLOCK_LIMIT);
    if (invalid.isPresent()) {
      return Answer.error(invalid.get());
    }
    if (!"home".equals(body.get("view").path("type").asText())) {
      return Answer.error("invalid_arguments");
    }
    String oldId = homeViewIds.get(userId);
    String hash = params.get("hash");
    if (oldId != null
        && !WebApi.blank(hash)
        && !hash.equals(views.get(oldId).path("hash").asText())) {
      return Answer.error("hash_conflict");
    }
    String id = oldId != null ? oldId : String.format("V%08d", views.size() + 1);
    homeViewIds.put(userId, id);
    return Answer.ok(JSON.objectNode().set("view", storeView(id, (ObjectNode) body.get("view"))));
  }

  private ObjectNode storeView(String id, ObjectNode submitted) {
    ObjectNode view = submitted.deepCopy();
    view.put("id", id);
    view.put("team_id", FakeSlack.TEAM_ID);
    view.put("app_id", FakeSlack.APP_ID);
    view.put("bot_id", FakeSlack.BOT_ID);
    view.put("root_view_id", id);
    view.put(
        "hash", String.format("%d.%08x", clock.instant().getEpochSecond(), sequence.getAsLong()));
    if (!view.has("state")) {
      view.set("state", JSON.objectNode().set("values", JSON.objectNode()));
    }
    views.put(id, view);
    return view.deepCopy();
  }

  private static Optional<String> checkView(JsonNode view, int blockLimit) {
    if (view == null || !view.isObject()) {
      return Optional.of("invalid_arguments");
    }
    if (view.path("private_metadata").asText("").length() > PRIVATE_METADATA_LIMIT) {
      return Optional.of("invalid_arguments");
    }
    return WebApi.checkBlocks(view.get("blocks"), blockLimit);
  }
}
