package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a rendered surface as Slack would, on its JSON: Block Kit limits, and mrkdwn that carries
 * no control sequence besides the ones the renderers make (mentions of validated ids, dates).
 */
final class SlackSurfaceChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OURS =
      Pattern.compile(
          "<@[UW][A-Z0-9]{2,}>|<!date\\^\\d+\\^\\{date_short_pretty} \\{time}\\|[^<>|]*>");

  private SlackSurfaceChecks() {}

  static JsonNode tree(JsonElement e) {
    try {
      return JSON.readTree(Samples.GSON.toJson(e));
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  /** A message: {text, blocks}. */
  static void checkMessage(JsonElement message) {
    JsonNode m = tree(message);
    assertThat(m.get("text").asText()).isNotBlank().hasSizeLessThanOrEqualTo(4000);
    assertThat(m.get("blocks").size()).isBetween(1, 50);
    checkBlocks(m.get("blocks"));
  }

  /** A modal or home view. */
  static void checkView(JsonElement view) {
    JsonNode v = tree(view);
    assertThat(v.get("blocks").size()).isBetween(1, 100);
    for (String key : List.of("title", "submit", "close")) {
      if (v.has(key)) {
        assertThat(v.get(key).get("text").asText()).hasSizeLessThanOrEqualTo(24);
      }
    }
    if (v.has("private_metadata")) {
      assertThat(v.get("private_metadata").asText()).hasSizeLessThanOrEqualTo(3000);
    }
    if (v.has("callback_id")) {
      assertThat(v.get("callback_id").asText()).hasSizeLessThanOrEqualTo(255);
    }
    checkBlocks(v.get("blocks"));
  }

  private static void checkBlocks(JsonNode blocks) {
    List<String> blockIds = new ArrayList<>();
    for (JsonNode b : blocks) {
      if (b.has("block_id")) {
        blockIds.add(b.get("block_id").asText());
        assertThat(b.get("block_id").asText()).hasSizeLessThanOrEqualTo(255);
      }
      switch (b.get("type").asText()) {
        case "section" -> {
          if (b.has("text")) {
            assertThat(b.at("/text/text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(3000);
          }
          if (b.has("fields")) {
            assertThat(b.get("fields").size()).isLessThanOrEqualTo(10);
            b.get("fields")
                .forEach(f -> assertThat(f.get("text").asText()).hasSizeLessThanOrEqualTo(2000));
          }
        }
        case "header" -> assertThat(b.at("/text/text").asText()).hasSizeLessThanOrEqualTo(150);
        case "context" -> assertThat(b.get("elements").size()).isBetween(1, 10);
        case "actions" -> assertThat(b.get("elements").size()).isBetween(1, 25);
        case "input" -> assertThat(b.at("/label/text").asText()).hasSizeLessThanOrEqualTo(2000);
        default -> {}
      }
    }
    assertThat(blockIds).doesNotHaveDuplicates();
    walk(blocks);
  }

  private static void walk(JsonNode node) {
    if (node.isArray()) {
      node.forEach(SlackSurfaceChecks::walk);
      return;
    }
    if (!node.isObject()) {
      return;
    }
    String type = node.path("type").asText();
    switch (type) {
      case "button" -> {
        assertThat(node.at("/text/text").asText()).hasSizeLessThanOrEqualTo(75);
        assertThat(node.path("value").asText()).hasSizeLessThanOrEqualTo(2000);
        assertThat(node.path("action_id").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(255);
      }
      case "static_select" -> {
        assertThat(node.get("options").size()).isBetween(1, 100);
        node.get("options")
            .forEach(
                o -> {
                  assertThat(o.at("/text/text").asText()).hasSizeLessThanOrEqualTo(75);
                  assertThat(o.get("value").asText()).hasSizeLessThanOrEqualTo(150);
                });
      }
      case "plain_text_input" -> {
        if (node.has("max_length")) {
          assertThat(node.get("max_length").asInt()).isBetween(1, 3000);
        }
        if (node.has("min_length")) {
          assertThat(node.get("min_length").asInt()).isBetween(0, 3000);
        }
        if (node.has("initial_value") && node.has("max_length")) {
          assertThat(node.get("initial_value").asText().length())
              .isLessThanOrEqualTo(node.get("max_length").asInt());
        }
      }
      case "mrkdwn" -> {
        assertThat(node.path("verbatim").asBoolean()).as("verbatim: %s", node).isTrue();
        assertInert(node.get("text").asText());
      }
      default -> {}
    }
    if (node.has("action_id") && node.has("confirm")) {
      JsonNode c = node.get("confirm");
      assertThat(c.at("/title/text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(100);
      assertThat(c.at("/text/text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(300);
      assertThat(c.at("/confirm/text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(30);
      assertThat(c.at("/deny/text").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(30);
    }
    node.elements().forEachRemaining(SlackSurfaceChecks::walk);
  }

  /**
   * After removing the mentions and dates the renderers make, no {@code <} is left, and {@code >}
   * only as a quote marker at the start of a line.
   */
  static void assertInert(String mrkdwn) {
    String rest = OURS.matcher(mrkdwn).replaceAll("");
    assertThat(rest).as("control sequence in %s", mrkdwn).doesNotContain("<");
    assertThat(rest.replaceAll("(?m)^> ", "")).as("stray > in %s", mrkdwn).doesNotContain(">");
    assertThat(rest.replaceAll("&(amp|lt|gt);", "")).as("raw & in %s", mrkdwn).doesNotContain("&");
  }
}
