package dev.jit.app;

import dev.jit.app.config.ConfigException;
import java.util.Objects;
import java.util.Optional;

/**
 * Slack secrets and endpoints, from the environment only. {@link #toString()} never shows a secret.
 *
 * @param botToken {@code SLACK_BOT_TOKEN}, always required
 * @param signingSecret {@code SLACK_SIGNING_SECRET}, required in HTTP mode (it verifies requests)
 * @param appToken {@code SLACK_APP_TOKEN}: when set, Socket Mode instead of HTTP
 * @param apiUrl {@code JIT_SLACK_API_URL}: the Web API base URL, for a fake or a proxy
 */
public record SlackSettings(
    String botToken,
    Optional<String> signingSecret,
    Optional<String> appToken,
    Optional<String> apiUrl) {

  public SlackSettings {
    Objects.requireNonNull(botToken, "botToken");
    Objects.requireNonNull(signingSecret, "signingSecret");
    Objects.requireNonNull(appToken, "appToken");
    Objects.requireNonNull(apiUrl, "apiUrl");
  }

  /**
   * Reads the Slack variables, failing with a message naming the first missing one. Called by
   * {@code serve} before anything else starts.
   */
  public static SlackSettings fromEnv(Env env) {
    String bot =
        env.get(Env.SLACK_BOT_TOKEN)
            .orElseThrow(
                () ->
                    new ConfigException(
                        Env.SLACK_BOT_TOKEN
                            + " is not set: serve needs the Slack bot token (xoxb-…) in the"
                            + " environment"));
    Optional<String> app = env.get(Env.SLACK_APP_TOKEN);
    Optional<String> signing = env.get(Env.SLACK_SIGNING_SECRET);
    if (app.isEmpty() && signing.isEmpty()) {
      throw new ConfigException(
          Env.SLACK_SIGNING_SECRET
              + " is not set: in HTTP mode (no "
              + Env.SLACK_APP_TOKEN
              + ") serve needs the Slack signing secret to verify requests");
    }
    return new SlackSettings(bot, signing, app, env.get(Env.SLACK_API_URL));
  }

  /** Socket Mode when an app-level token is given, HTTP otherwise. */
  public boolean socketMode() {
    return appToken.isPresent();
  }

  @Override
  public String toString() {
    return "SlackSettings[mode="
        + (socketMode() ? "socket" : "http")
        + ", apiUrl="
        + apiUrl.orElse("default")
        + ", secrets redacted]";
  }
}
