package dev.jit.aws.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.RecordedRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Encoding of AWS answers: JSON 1.1 bodies and errors, Query XML bodies and errors, SigV4 scope.
 */
final class AwsWire {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String JSON_11 = "application/x-amz-json-1.1";
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request");

  private AwsWire() {}

  /** Access key and credential-scope service of a SigV4 {@code Authorization} header. */
  record Scope(String accessKey, String region, String service) {}

  static Optional<Scope> scope(RecordedRequest request) {
    Optional<String> auth = request.header("Authorization");
    if (auth.isEmpty() || !auth.get().startsWith("AWS4-HMAC-SHA256 ")) {
      return Optional.empty();
    }
    Matcher m = CREDENTIAL.matcher(auth.get());
    if (!m.find() || !auth.get().contains("Signature=")) {
      return Optional.empty();
    }
    return Optional.of(new Scope(m.group(1), m.group(3), m.group(4)));
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static FakeResponse json(ObjectNode body) {
    return json(200, body.toString());
  }

  private static FakeResponse json(int status, String body) {
    return FakeResponse.of(status, JSON_11, body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
  }

  /** A JSON 1.1 error as the service sends it: {@code __type} and {@code Message}. */
  static FakeResponse jsonError(int status, String type, String message) {
    ObjectNode body = object().put("__type", type).put("Message", message);
    return json(status, body.toString());
  }

  /** A Query-protocol success: {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata>}. */
  static FakeResponse xml(String action, String namespace, String result) {
    String body =
        "<"
            + action
            + "Response xmlns=\""
            + namespace
            + "\">"
            + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
            + "<ResponseMetadata><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></"
            + action
            + "Response>";
    return FakeResponse.of(200, "text/xml", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A Query-protocol error: {@code <ErrorResponse><Error><Type><Code><Message>}. */
  static FakeResponse xmlError(int status, String namespace, String code, String message) {
    String type = status >= 500 ? "Receiver" : "Sender";
    String body =
        "<ErrorResponse xmlns=\""
            + namespace
            + "\"><Error><Type>"
            + type
            + "</Type><Code>"
            + esc(code)
            + "</Code><Message>"
            + esc(message)
            + "</Message></Error><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ErrorResponse>";
    return FakeResponse.of(
        status, "text/xml", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  static String tag(String name, String value) {
    return "<" + name + ">" + esc(value) + "</" + name + ">";
  }
}
