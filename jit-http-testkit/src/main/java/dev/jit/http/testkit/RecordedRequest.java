package dev.jit.http.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as {@link FakeHttpServer} received it, decoded the ways fakes need: query
 * parameters, headers looked up without regard to case, the body as bytes, text, form fields or
 * JSON.
 *
 * <p>Immutable: the collections are unmodifiable copies and {@link #body()} answers a copy, so a
 * recorded request stays what arrived whatever a route or test does with it.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the decoded path, e.g. {@code /api/chat.postMessage}
 * @param rawQuery the query string as sent, without {@code ?}; empty when there is none
 * @param query the decoded query parameters, in order of first appearance, repeated keys keeping
 *     every value
 * @param headers the request headers; {@link Map#get} on this map ignores the name's case
 * @param body the body as sent; empty when there is none
 * @param receivedAt when the request arrived, by the server's clock
 */
public record RecordedRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    byte[] body,
    Instant receivedAt) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rawQuery, "rawQuery");
    query = copy(query, new LinkedHashMap<>());
    headers = copy(headers, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    body = body.clone();
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /**
   * A request built from its parts, with {@link #query} decoded from {@code rawQuery}; for the
   * server and for tests of code that consumes requests.
   */
  public static RecordedRequest of(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      Instant receivedAt) {
    String raw = rawQuery == null ? "" : rawQuery;
    return new RecordedRequest(method, path, raw, decodeForm(raw), headers, body, receivedAt);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first value of a header, whatever the case of {@code name}. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a header, whatever the case of {@code name}; empty when it was not sent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** The {@code Content-Type} header, e.g. {@code application/json; charset=utf-8}. */
  public Optional<String> contentType() {
    return header("Content-Type");
  }

  /** The first value of a query parameter. */
  public Optional<String> queryParam(String name) {
    return first(query, name);
  }

  /**
   * The body decoded as {@code application/x-www-form-urlencoded}, whatever the {@code
   * Content-Type} said: fields in order of first appearance, a repeated field keeping every value.
   */
  public Map<String, List<String>> form() {
    return decodeForm(bodyText());
  }

  /** The first value of a form field of the body. */
  public Optional<String> formParam(String name) {
    return first(form(), name);
  }

  /**
   * The body parsed as JSON; a {@code MissingNode} when it is empty.
   *
   * @throws IllegalStateException when the body is not JSON
   */
  public JsonNode json() {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("the body of " + this + " is not JSON", e);
    }
  }

  /**
   * Decodes {@code application/x-www-form-urlencoded} text (a form body or a query string): names
   * in order of first appearance, each with all its values in the order sent; a field without
   * {@code =} has the value {@code ""}.
   */
  public static Map<String, List<String>> decodeForm(String raw) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return form;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      form.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordedRequest r
        && method.equals(r.method)
        && path.equals(r.path)
        && rawQuery.equals(r.rawQuery)
        && query.equals(r.query)
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body)
        && receivedAt.equals(r.receivedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, rawQuery, query, Arrays.hashCode(body), receivedAt);
  }

  /** {@code METHOD path?query} and the body's first 200 characters, for assertion messages. */
  @Override
  public String toString() {
    String text = bodyText();
    return method
        + " "
        + path
        + (rawQuery.isEmpty() ? "" : "?" + rawQuery)
        + (text.isEmpty() ? "" : " " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
  }

  private static Optional<String> first(Map<String, List<String>> values, String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  private static Map<String, List<String>> copy(
      Map<String, List<String>> source, Map<String, List<String>> target) {
    source.forEach((name, values) -> target.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(target);
  }
}
