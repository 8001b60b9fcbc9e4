package dev.jit.slack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Web API call received by {@link FakeSlack}, recorded whatever the answer was.
 *
 * @param method the Web API method, e.g. {@code chat.postMessage}
 * @param params the request's top-level parameters as strings: form fields as sent, or the members
 *     of a JSON body (non-string members in their JSON form, e.g. {@code blocks} as a JSON array
 *     text)
 * @param body the same parameters as a JSON object in which the JSON-valued parameters ({@code
 *     blocks}, {@code view}, {@code attachments}, {@code metadata}) are parsed, so {@code
 *     body().get("view")} is an object whether the client sent a form or a JSON body
 * @param token the bearer token (or {@code token} parameter); empty when the call carried none
 * @param at when the call arrived, by the fake's clock
 * @param outcome {@code "ok"}, or the error the fake answered with ({@code "ratelimited"} for an
 *     HTTP 429)
 */
public record SlackCall(
    String method,
    Map<String, String> params,
    JsonNode body,
    String token,
    Instant at,
    String outcome) {

  public SlackCall {
    Objects.requireNonNull(method, "method");
    params = Map.copyOf(params);
    body = body.deepCopy();
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The named top-level parameter, as a string. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** Whether the fake answered {@code "ok": true}. */
  public boolean ok() {
    return "ok".equals(outcome);
  }

  @Override
  public JsonNode body() {
    return body.deepCopy();
  }
}
