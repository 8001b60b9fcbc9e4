package dev.jit.slack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.http.testkit.RecordedExchange;
import dev.jit.http.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link FakeSlack} reads what arrives over HTTP: which Web API method a request calls, its
 * token, its parameters (a JSON body, or a form whose JSON-valued fields are parsed), and the call
 * as recorded. Kept apart from the workspace model so the wire decoding reads in one place.
 */
final class SlackRequests {

  /** The path prefix of Web API methods. */
  static final String API = "/api/";

  /** The path prefix of the {@code response_url}s the fake issues. */
  static final String RESPONSE = "/response/";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> JSON_PARAMS =
      Set.of("blocks", "view", "attachments", "metadata");

  private SlackRequests() {}

  static boolean isSlackCall(RecordedExchange exchange) {
    String path = exchange.request().path();
    return path.startsWith(API) || path.startsWith(RESPONSE);
  }

  /**
   * The Web API method a request calls, or {@link FakeSlack#RESPONSE_URL_METHOD} for a
   * response_url.
   */
  static String methodOf(RecordedRequest request) {
    String path = request.path();
    return path.startsWith(RESPONSE)
        ? FakeSlack.RESPONSE_URL_METHOD
        : path.startsWith(API) ? path.substring(API.length()) : "";
  }

  /**
   * The call as recorded: what arrived, and the outcome the answer (or an injection) carried; a
   * {@code response_url} POST gets its full URL (under {@code baseUrl}) as parameter {@code url}.
   */
  static SlackCall toCall(RecordedExchange exchange, String baseUrl) {
    RecordedRequest request = exchange.request();
    ObjectNode body = parseBody(request);
    Map<String, String> params = new LinkedHashMap<>(flatten(body));
    String callToken;
    if (request.path().startsWith(RESPONSE)) {
      params.put("url", baseUrl + request.path());
      callToken = "";
    } else {
      callToken = callToken(request, params);
    }
    return new SlackCall(
        methodOf(request), params, body, callToken, request.receivedAt(), outcome(exchange));
  }

  /** {@code "ok"}, or the {@code error} of the JSON answer. */
  private static String outcome(RecordedExchange exchange) {
    try {
      JsonNode answer = MAPPER.readTree(exchange.response().orElseThrow().body());
      return answer.path("ok").asBoolean() ? "ok" : answer.path("error").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("the fake answered other than JSON", e);
    }
  }

  /** The bearer token, else the {@code token} parameter, else empty. */
  static String callToken(RecordedRequest request, Map<String, String> params) {
    return request
        .header("Authorization")
        .filter(header -> header.startsWith("Bearer "))
        .map(header -> header.substring("Bearer ".length()).trim())
        .or(() -> Optional.ofNullable(params.get("token")))
        .orElse("");
  }

  /**
   * The request's parameters as a JSON object: a JSON body as sent; a form body with each field a
   * string, except the JSON-valued ones, parsed.
   */
  static ObjectNode parseBody(RecordedRequest request) {
    if (request.contentType().orElse("").startsWith("application/json")) {
      try {
        JsonNode json = request.json();
        return json.isObject() ? (ObjectNode) json : MAPPER.createObjectNode();
      } catch (IllegalStateException e) {
        return MAPPER.createObjectNode();
      }
    }
    ObjectNode body = MAPPER.createObjectNode();
    decodeForm(request.bodyText())
        .forEach(
            (name, value) -> {
              if (JSON_PARAMS.contains(name)) {
                try {
                  body.set(name, MAPPER.readTree(value));
                  return;
                } catch (JsonProcessingException e) {
                  // not JSON: kept as the string that was sent
                }
              }
              body.put(name, value);
            });
    return body;
  }

  /** Decodes {@code application/x-www-form-urlencoded}; a repeated field keeps its last value. */
  static Map<String, String> decodeForm(String raw) {
    Map<String, String> form = new LinkedHashMap<>();
    RecordedRequest.decodeForm(raw)
        .forEach((name, values) -> form.put(name, values.get(values.size() - 1)));
    return form;
  }

  /** Each top-level parameter as a string: a value as its text, an object or array as JSON. */
  static Map<String, String> flatten(ObjectNode body) {
    Map<String, String> params = new LinkedHashMap<>();
    body.fields()
        .forEachRemaining(
            e ->
                params.put(
                    e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    return params;
  }
}
