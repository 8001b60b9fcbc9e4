package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.app.config.ConfigException;
import dev.jit.slack.testkit.FakeSlack;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An operator's {@code JIT_SLACK_API_URL} without its trailing slash made every Slack call fail
 * while the app looked healthy, and the error blamed the token. The URL is normalised or refused,
 * and the start-up check tells an unreachable API from a rejected token.
 */
class SlackSettingsTest {
  private static final String WRONG_TOKEN = "xoxb-not-the-installed-apps-token";

  @Test
  @DisplayName("a URL without its trailing slash gets one")
  void addsTheSlash() {
    assertThat(settings("http://127.0.0.1:8080/api", FakeSlack.DEFAULT_TOKEN).apiUrl())
        .contains("http://127.0.0.1:8080/api/");
    assertThat(settings("https://slack.com/api/", FakeSlack.DEFAULT_TOKEN).apiUrl())
        .contains("https://slack.com/api/");
    assertThat(settings(null, FakeSlack.DEFAULT_TOKEN).apiUrl()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://slack.example/api/",
        "slack.com/api/",
        "https://slack.com/api/?token=x",
        "https://slack.com/api/#methods",
        "https://user:secret@slack.example/api/",
        "https:///api/",
        "http://[bad"
      })
  @DisplayName("a URL that is not a plain http(s) base URL is refused, naming the variable")
  void refusesOtherUrls(String url) {
    assertThatThrownBy(() -> settings(url, FakeSlack.DEFAULT_TOKEN))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(Env.SLACK_API_URL)
        .hasMessageNotContaining("secret");
  }

  @Test
  @DisplayName("the start-up check passes against the fake reached through a URL without slash")
  void checkPasses() {
    try (FakeSlack slack = FakeSlack.start()) {
      String noSlash = slack.apiUrl().substring(0, slack.apiUrl().length() - 1);
      SlackSettings.Identity id = settings(noSlash, slack.token()).check();
      assertThat(id.teamId()).isEqualTo(FakeSlack.TEAM_ID);
      assertThat(id.botUserId()).isEqualTo(FakeSlack.BOT_USER_ID);
    }
  }

  @Test
  @DisplayName("a token Slack rejects is reported as a token problem, without the token")
  void wrongToken() {
    try (FakeSlack slack = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, Clock.systemUTC())) {
      assertThatThrownBy(() -> settings(slack.apiUrl(), WRONG_TOKEN).check())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(Env.SLACK_BOT_TOKEN)
          .hasMessageContaining("invalid_auth")
          .hasMessageNotContaining(WRONG_TOKEN)
          .hasMessageNotContaining("cannot reach");
    }
  }

  @Test
  @DisplayName("a URL nobody listens on is reported as unreachable, not as a token problem")
  void unreachable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertThatThrownBy(() -> settings("http://127.0.0.1:" + port + "/api", WRONG_TOKEN).check())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot reach")
        .hasMessageContaining(Env.SLACK_API_URL)
        .hasMessageNotContaining(Env.SLACK_BOT_TOKEN)
        .hasMessageNotContaining(WRONG_TOKEN);
  }

  @Test
  @DisplayName("a URL that answers but is not the Web API says so, not blaming the token")
  void notTheApi() {
    try (FakeSlack slack = FakeSlack.start()) {
      String wrongPath = slack.apiUrl().replace("/api/", "/nope/");
      assertThatThrownBy(() -> settings(wrongPath, slack.token()).check())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(Env.SLACK_API_URL)
          .hasMessageContaining("404")
          .hasMessageNotContaining(slack.token());
    }
  }

  private static SlackSettings settings(String apiUrl, String token) {
    Map<String, String> env = new HashMap<>();
    env.put(Env.SLACK_BOT_TOKEN, token);
    env.put(Env.SLACK_SIGNING_SECRET, "signing-secret");
    Optional.ofNullable(apiUrl).ifPresent(u -> env.put(Env.SLACK_API_URL, u));
    return SlackSettings.fromEnv(new Env(env));
  }
}
