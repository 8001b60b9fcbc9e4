package dev.jit.k8s.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** {@code Status} answers shaped as the API server sends them (kind, code, reason, details). */
public final class Statuses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Statuses() {}

  public static MockResponse failure(int code, String reason, String message) {
    return failure(code, reason, message, "", "", "");
  }

  public static MockResponse failure(
      int code, String reason, String message, String name, String group, String kind) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (!name.isEmpty() || !kind.isEmpty()) {
      ObjectNode details = status.putObject("details");
      if (!name.isEmpty()) {
        details.put("name", name);
      }
      if (!group.isEmpty()) {
        details.put("group", group);
      }
      if (!kind.isEmpty()) {
        details.put("kind", kind);
      }
    }
    status.put("code", code);
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }

  /** The reason phrase the API server uses for an HTTP status. */
  public static String reasonFor(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> code >= 500 ? "InternalError" : "Unknown";
    };
  }
}
