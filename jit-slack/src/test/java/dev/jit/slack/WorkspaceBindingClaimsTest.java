package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.jit.slack.testkit.FakeSlack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which claimed ids {@link WorkspaceBinding} refuses, and that it fails closed. */
class WorkspaceBindingClaimsTest {
  private final WorkspaceBinding bound = WorkspaceBinding.of("T1", "A1", "");

  private static String interactive(String json) {
    return "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("the token's own team and app pass; another app, enterprise or team is refused")
  void ids() {
    assertThat(bound.refusal(interactive("{\"team\":{\"id\":\"T1\"},\"api_app_id\":\"A1\"}")))
        .isEmpty();
    assertThat(bound.refusal(interactive("{\"team\":{\"id\":\"T1\"},\"api_app_id\":\"A2\"}")))
        .isPresent();
    assertThat(
            bound.refusal(
                interactive(
                    "{\"team\":{\"id\":\"T1\"},\"api_app_id\":\"A1\",\"enterprise\":{\"id\":\"E9\"}}")))
        .isPresent();
    assertThat(bound.refusal("team_id=T2&api_app_id=A1&command=%2Fjit")).isPresent();
    assertThat(bound.refusal("team_id=T1&api_app_id=A1&command=%2Fjit")).isEmpty();
    assertThat(bound.refusal("{\"type\":\"event_callback\",\"team_id\":\"T2\"}")).isPresent();
  }

  @Test
  @DisplayName(
      "a payload naming no team, or two different teams, is refused; url_verification is not")
  void missingOrConflicting() {
    assertThat(bound.refusal(interactive("{\"type\":\"block_actions\"}"))).isPresent();
    assertThat(
            bound.refusal(
                interactive("{\"team_id\":\"T1\",\"team\":{\"id\":\"T2\"},\"api_app_id\":\"A1\"}")))
        .isPresent();
    assertThat(bound.refusal("{\"type\":\"url_verification\",\"challenge\":\"x\"}")).isEmpty();
  }

  /** A payload of FakeSlack's own workspace and app. */
  private static final String OWN =
      interactive("{\"team\":{\"id\":\"" + FakeSlack.TEAM_ID + "\"},\"api_app_id\":\"A0JITFAKE\"}");

  /** A binding that learns its ids from {@code slack}'s auth.test through the real SDK. */
  private static WorkspaceBinding learningFrom(FakeSlack slack) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.apiUrl());
    config.getMethodsConfig().setStatsEnabled(false);
    Slack sdk = Slack.getInstance(config);
    return WorkspaceBinding.learning(() -> sdk.methods(slack.token()));
  }

  @Test
  @DisplayName("when auth.test fails every payload is refused, and the next one tries again")
  void failsClosed() {
    try (FakeSlack slack = FakeSlack.start()) {
      WorkspaceBinding learning = learningFrom(slack);
      String own = OWN;
      slack.failNext("auth.test", 1, "invalid_auth");

      assertThat(learning.refusal(own)).isPresent();
      assertThat(learning.refusal(own)).isEmpty();
      assertThat(WorkspaceBinding.learning(() -> null).refusal(own)).isPresent();
    }
  }

  @Test
  @DisplayName(
      "a slow auth.test holds no payload past the wait: refused meanwhile, accepted once it"
          + " answers")
  void slowAuthTestDoesNotHoldTheAck() {
    try (FakeSlack slack = FakeSlack.start()) {
      WorkspaceBinding learning = learningFrom(slack);
      String own = OWN;
      slack.delay("auth.test", Duration.ofSeconds(8));

      // Before, the first payload waited the whole 8 s inside refusal(), and every other behind it.
      assertTimeoutPreemptively(
          Duration.ofSeconds(4),
          () -> {
            assertThat(learning.refusal(own)).isPresent();
            assertThat(learning.refusal(own)).isPresent();
          });
      await().atMost(Duration.ofSeconds(20)).until(() -> learning.refusal(own).isEmpty());
      assertThat(slack.calls("auth.test")).as("one try in flight at a time").hasSize(1);
    }
  }
}
