package dev.jit.app;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.jit.app.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Slack secrets and endpoints, from the environment only. {@link #toString()} never shows a secret.
 *
 * @param botToken {@code SLACK_BOT_TOKEN}, always required
 * @param signingSecret {@code SLACK_SIGNING_SECRET}, required in HTTP mode (it verifies requests)
 * @param appToken {@code SLACK_APP_TOKEN}: when set, Socket Mode instead of HTTP
 * @param apiUrl {@code JIT_SLACK_API_URL}: the Web API base URL, for a fake or a proxy; an http(s)
 *     URL without user info, query or fragment, normalised to end in {@code /} (the SDK appends
 *     method names to it, so {@code …/api} would call {@code …/apiauth.test})
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
    apiUrl = apiUrl.map(SlackSettings::normalisedApiUrl);
  }

  /** Slack's own Web API base URL, used when {@code JIT_SLACK_API_URL} is unset. */
  public static final String DEFAULT_API_URL = "https://slack.com/api/";

  /** {@code auth.test} errors that mean the token itself is wrong, not the URL. */
  private static final Set<String> TOKEN_ERRORS =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "not_allowed_token_type");

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

  /** Who the bot token belongs to, as {@code auth.test} answered. */
  public record Identity(String teamId, String botUserId) {
    public Identity {
      Objects.requireNonNull(teamId, "teamId");
      Objects.requireNonNull(botUserId, "botUserId");
    }
  }

  /**
   * The start-up check: calls {@code auth.test} with the bot token, so that a bad URL or token
   * fails {@code serve} at once with the right message instead of every later call failing while
   * the app looks healthy. Tells an unreachable URL, a URL that is not the Web API, and a token
   * Slack rejects apart; never includes the token.
   *
   * @throws ConfigException naming {@code JIT_SLACK_API_URL} or {@code SLACK_BOT_TOKEN}
   */
  public Identity check() {
    String url = apiUrl.orElse(DEFAULT_API_URL);
    String source = apiUrl.isPresent() ? Env.SLACK_API_URL + "=" + url : "Slack's " + url;
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(url);
    config.getMethodsConfig().setStatsEnabled(false);
    AuthTestResponse answer;
    try (Slack slack = Slack.getInstance(config)) {
      answer = slack.methods(botToken).authTest(r -> r);
    } catch (IOException e) {
      throw new ConfigException(
          String.format("cannot reach the Slack Web API at %s (%s)", source, simpleName(e)));
    } catch (SlackApiException e) {
      throw new ConfigException(
          String.format(
              "the Slack Web API at %s answered auth.test with HTTP %d: is %s the Web API's base"
                  + " URL (like %s)?",
              source, e.getResponse().code(), Env.SLACK_API_URL, DEFAULT_API_URL));
    } catch (Exception e) {
      throw new ConfigException(
          String.format(
              "the Slack Web API at %s did not answer auth.test like Slack (%s)",
              source, simpleName(e)));
    }
    if (answer.isOk()) {
      return new Identity(answer.getTeamId(), answer.getUserId());
    }
    String error = String.valueOf(answer.getError());
    if (TOKEN_ERRORS.contains(error)) {
      throw new ConfigException(
          "Slack rejected "
              + Env.SLACK_BOT_TOKEN
              + " ("
              + error
              + "): set it to the installed app's bot token (xoxb-…)");
    }
    throw new ConfigException("Slack's auth.test at " + source + " failed: " + error);
  }

  private static String simpleName(Exception e) {
    return e.getClass().getSimpleName();
  }

  private static String normalisedApiUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw badApiUrl("is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw badApiUrl("must start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw badApiUrl("has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw badApiUrl("must not carry user info (credentials belong in SLACK_BOT_TOKEN)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw badApiUrl("must not have a query or fragment");
    }
    return value.endsWith("/") ? value : value + "/";
  }

  /** The refusal never repeats the value: a mistyped URL may hold a secret. */
  private static ConfigException badApiUrl(String why) {
    return new ConfigException(
        Env.SLACK_API_URL + " " + why + ": give the Web API's base URL, like " + DEFAULT_API_URL);
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
