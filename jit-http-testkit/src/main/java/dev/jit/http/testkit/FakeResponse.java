package dev.jit.http.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An answer a route returns or a fault injects: status, headers and body. Immutable; {@link
 * #withHeader} answers a copy, so one response can be armed, shared and recorded safely.
 *
 * <p>An empty body is sent without one (no {@code Content-Length} body bytes), as {@code 204} and
 * {@code 304} require.
 *
 * @param status the HTTP status, 100 to 599
 * @param headers the response headers, one value each; {@link Map#get} ignores the name's case
 * @param body the body bytes; {@link #body()} answers a copy
 */
public record FakeResponse(int status, Map<String, String> headers, byte[] body) {

  public static final String JSON = "application/json; charset=utf-8";
  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String XML = "application/xml; charset=utf-8";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public FakeResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100 to 599, not " + status);
    }
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  /** A JSON answer, {@code Content-Type: application/json; charset=utf-8}. */
  public static FakeResponse json(int status, JsonNode body) {
    try {
      return json(status, MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + body, e);
    }
  }

  /** A JSON answer from JSON text, sent as given. */
  public static FakeResponse json(int status, String json) {
    return of(status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /** A plain-text answer in UTF-8. */
  public static FakeResponse text(int status, String text) {
    return of(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** An XML answer in UTF-8, as AWS query APIs send. */
  public static FakeResponse xml(int status, String xml) {
    return of(status, XML, xml.getBytes(StandardCharsets.UTF_8));
  }

  /** A status without body or {@code Content-Type}, e.g. {@code 204} or a bare {@code 503}. */
  public static FakeResponse empty(int status) {
    return new FakeResponse(status, Map.of(), new byte[0]);
  }

  /** An answer with any content type and body. */
  public static FakeResponse of(int status, String contentType, byte[] body) {
    return new FakeResponse(status, Map.of("Content-Type", contentType), body);
  }

  /** This answer with the header set, replacing a value it had under any case of the name. */
  public FakeResponse withHeader(String name, String value) {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new FakeResponse(status, copy, body);
  }

  /** A header's value, whatever the case of {@code name}. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Whether there is a body to send. */
  public boolean hasBody() {
    return body.length > 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FakeResponse r
        && status == r.status
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return status + " " + headers + (hasBody() ? " " + bodyText() : "");
  }
}
