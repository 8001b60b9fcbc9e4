package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jit.slack.JitSlackConfig;
import dev.jit.slack.SlackHttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped Slack app manifests ask for exactly what the code uses, and point where it listens.
 */
class SlackManifestTest {
  private static final List<String> SCOPES =
      List.of(
          "commands",
          "chat:write",
          "im:write",
          "channels:history",
          "groups:history",
          "im:history",
          "users:read",
          "users:read.email",
          "usergroups:read");

  private static JsonNode manifest(String name) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(Path.of("slack", name).toFile());
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifest-http.yaml", "manifest-socket-mode.yaml"})
  @DisplayName("each manifest asks for exactly the bot scopes docs/slack-handlers.md justifies")
  void scopes(String name) throws IOException {
    List<String> bot = new ArrayList<>();
    manifest(name)
        .path("oauth_config")
        .path("scopes")
        .path("bot")
        .forEach(s -> bot.add(s.asText()));
    assertThat(bot).containsExactlyInAnyOrderElementsOf(SCOPES);
    assertThat(manifest(name).path("oauth_config").path("scopes").has("user")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifest-http.yaml", "manifest-socket-mode.yaml"})
  @DisplayName("the command, shortcut and event match what JitSlack.install registers")
  void listeners(String name) throws IOException {
    JsonNode m = manifest(name);
    assertThat(m.path("features").path("slash_commands").get(0).path("command").asText())
        .isEqualTo(JitSlackConfig.DEFAULT_COMMAND);
    assertThat(m.path("features").path("shortcuts").get(0).path("callback_id").asText())
        .isEqualTo(JitSlackConfig.DEFAULT_SHORTCUT);
    assertThat(m.path("settings").path("event_subscriptions").path("bot_events").toString())
        .contains("app_home_opened");
    assertThat(m.path("features").path("app_home").path("home_tab_enabled").asBoolean()).isTrue();
  }

  @org.junit.jupiter.api.Test
  @DisplayName(
      "HTTP mode sends every kind of request to the path jit serves; Socket Mode needs none")
  void urls() throws IOException {
    JsonNode http = manifest("manifest-http.yaml");
    for (String url :
        List.of(
            http.path("features").path("slash_commands").get(0).path("url").asText(),
            http.path("settings").path("event_subscriptions").path("request_url").asText(),
            http.path("settings").path("interactivity").path("request_url").asText(),
            http.path("settings")
                .path("interactivity")
                .path("message_menu_options_url")
                .asText())) {
      assertThat(url).endsWith(SlackHttpServer.DEFAULT_PATH);
    }
    assertThat(http.path("settings").path("socket_mode_enabled").asBoolean()).isFalse();
    JsonNode socket = manifest("manifest-socket-mode.yaml");
    assertThat(socket.path("settings").path("socket_mode_enabled").asBoolean()).isTrue();
    assertThat(socket.toString()).doesNotContain("request_url");
  }
}
