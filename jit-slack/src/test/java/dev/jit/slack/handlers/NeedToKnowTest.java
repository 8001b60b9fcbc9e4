package dev.jit.slack.handlers;

import static dev.jit.slack.handlers.SlackWorld.REQUESTER;
import static dev.jit.slack.handlers.SlackWorld.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.JitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Need to know: the request modal and the resource search show a person only the resources the
 * policy lets them request. In {@link SlackWorld}'s policy everyone may request prod-db, only UREQ
 * staging, and members of the group S0OPS ops.
 */
class NeedToKnowTest {
  private final SlackWorld world = new SlackWorld();
  private final FakeSlack slack = world.slack;

  @AfterEach
  void close() {
    world.close();
  }

  @Test
  @DisplayName(
      "a person who may not request a resource sees it neither in the modal nor in the search,"
          + " not even when the slash command names it")
  void strangerSeesOnlyWhatTheyMayRequest() {
    world.client.slashCommand("/jit", "staging", STRANGER.value(), "D0STRANGER");

    JsonNode view = openedView();
    assertThat(resourceOptions(view)).containsExactly("prod-db");
    assertThat(view.toString()).doesNotContain("staging", SlackIds.ROLE_BLOCK);
    assertThat(world.suggest(STRANGER, "")).containsExactly("prod-db");
    assertThat(world.suggest(STRANGER, "stag")).isEmpty();
  }

  @Test
  @DisplayName("a person who may request every resource sees every resource")
  void allowedSeesAll() {
    world.parts.directory.group(SlackWorld.OPS, Set.of(REQUESTER));

    world.client.shortcut("jit_request", REQUESTER.value());

    assertThat(resourceOptions(openedView())).containsExactly("prod-db", "staging", "ops");
    assertThat(world.suggest(REQUESTER, "")).containsExactly("prod-db", "staging", "ops");
  }

  @Test
  @DisplayName(
      "when the directory cannot tell who may request, nothing of the catalog is shown and the"
          + " person is told to try again")
  void directoryDownShowsNothing() {
    world.parts.directory.failWith(new JitException("directory unreachable"));

    SlackClient.Response command = world.client.slashCommand("/jit", "", "UREQ", "D0REQ");
    assertThat(command.body()).contains("Try again");
    assertThat(slack.calls("views.open")).isEmpty();

    world.client.shortcut("jit_request", REQUESTER.value());
    JsonNode view = openedView();
    assertThat(view.path("callback_id").asText()).isEqualTo(SlackIds.REQUEST_MODAL_UNAVAILABLE);
    assertThat(view.toString()).contains("Try again").doesNotContain("prod-db", "staging");

    assertThat(world.suggest(REQUESTER, "")).isEmpty();
  }

  @Test
  @DisplayName("the slash command preselects a resource the person may request")
  void allowedPreselects() {
    world.client.slashCommand("/jit", "staging", REQUESTER.value(), "D0REQ");

    JsonNode view = openedView();
    assertThat(view.toString()).contains(SlackIds.ROLE_BLOCK);
    assertThat(resourceOptions(view)).containsExactly("prod-db", "staging");
  }

  private JsonNode openedView() {
    return slack.lastCall("views.open").orElseThrow().body().get("view");
  }

  private static List<String> resourceOptions(JsonNode view) {
    List<String> values = new ArrayList<>();
    for (JsonNode block : view.path("blocks")) {
      if (block.path("block_id").asText().equals(SlackIds.RESOURCE_BLOCK)) {
        block.path("element").path("options").forEach(o -> values.add(o.path("value").asText()));
      }
    }
    return values;
  }
}
