package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EscapingTest {
  static final String EVIL =
      "<!channel> <@U123> <!subteam^S1> <https://evil.example|click here> & *bold*";

  private static AccessRequest evil(RequestStatus status) {
    return Samples.request(status).toBuilder()
        .justification(EVIL)
        .ticket("<!here>")
        .reason(EVIL)
        .build();
  }

  private static List<String> mrkdwnTexts(JsonElement surface) {
    List<String> out = new ArrayList<>();
    collect(SlackSurfaceChecks.tree(surface), out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject() && "mrkdwn".equals(node.path("type").asText())) {
      assertThat(node.path("verbatim").asBoolean()).isTrue();
      out.add(node.get("text").asText());
    }
    node.elements().forEachRemaining(n -> collect(n, out));
  }

  @Test
  @DisplayName("a hostile justification, ticket and reason render inert in every surface")
  void hostileTextIsInert() {
    List<JsonElement> surfaces = new ArrayList<>();
    for (RequestStatus status : RequestStatus.values()) {
      AccessRequest r = evil(status);
      surfaces.add(
          Samples.json(
              new SlackMessage("x", ApprovalMessage.blocks(r, new ResourceDisplay(EVIL, EVIL)))));
      for (NotificationKind kind : NotificationKind.values()) {
        surfaces.add(
            Samples.json(Surfaces.forNotification(new Notification(kind, r, Set.of(), EVIL))));
      }
    }
    AccessRequest pending = evil(RequestStatus.PENDING);
    surfaces.add(
        Samples.json(
            AppHome.build(
                Samples.REQUESTER,
                List.of(evil(RequestStatus.ACTIVE)),
                List.of(pending),
                List.of(pending))));
    boolean sawEscapedJustification = false;
    for (JsonElement s : surfaces) {
      for (String text : mrkdwnTexts(s)) {
        SlackSurfaceChecks.assertInert(text);
        assertThat(text)
            .doesNotContain("<!channel>", "<@U123>", "<!subteam", "<https://", "<!here>");
        sawEscapedJustification |= text.contains("&lt;!channel&gt; &lt;@U123&gt;");
      }
    }
    assertThat(sawEscapedJustification).isTrue();
  }

  @Test
  @DisplayName("the approval message quotes the escaped justification verbatim")
  void justificationIsQuotedAndEscaped() {
    String json =
        Samples.pretty(
            Samples.json(
                new SlackMessage(
                    "x",
                    ApprovalMessage.blocks(evil(RequestStatus.PENDING), ResourceDisplay.none()))));
    assertThat(json)
        .contains(
            "> &lt;!channel&gt; &lt;@U123&gt; &lt;!subteam^S1&gt; &lt;https://evil.example|click here&gt; &amp; *bold*");
  }

  @Test
  @DisplayName("a requester id that is not a Slack user id is shown as escaped text, not a mention")
  void oddUserIdIsNotAMention() {
    AccessRequest r =
        Samples.request(RequestStatus.PENDING).toBuilder()
            .requester(new UserId("alice+x@example.com"))
            .build();
    String json =
        Samples.pretty(
            Samples.json(new SlackMessage("x", ApprovalMessage.blocks(r, ResourceDisplay.none()))));
    assertThat(json).contains("from alice+x@example.com:").doesNotContain("<@alice");
  }

  @Test
  @DisplayName("fallback text is plain and escaped")
  void fallbackText() {
    AccessRequest r = evil(RequestStatus.PENDING);
    assertThat(ApprovalMessage.fallbackText(r)).doesNotContain("<", ">").doesNotContain(EVIL);
  }
}
