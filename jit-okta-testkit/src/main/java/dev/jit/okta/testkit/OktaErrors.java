package dev.jit.okta.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.http.testkit.FakeResponse;
import java.util.UUID;

/** The two error shapes Okta answers with: the management API's and the OAuth 2.0 one. */
final class OktaErrors {
  static final ObjectMapper JSON = new ObjectMapper();

  private OktaErrors() {}

  /** A management API error, e.g. {@code 404 E0000007 Not found: Resource not found}. */
  static FakeResponse api(int status, String code, String summary) {
    ObjectNode body = JSON.createObjectNode();
    body.put("errorCode", code);
    body.put("errorSummary", summary);
    body.put("errorLink", code);
    body.put("errorId", "oae" + UUID.randomUUID().toString().replace("-", "").substring(0, 19));
    body.putArray("errorCauses");
    return FakeResponse.json(status, body);
  }

  static FakeResponse notFound(String what) {
    return api(404, "E0000007", "Not found: Resource not found: " + what);
  }

  /** An OAuth 2.0 error of the token endpoint: {@code {"error":…,"error_description":…}}. */
  static FakeResponse oauth(int status, String error, String description) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", error);
    body.put("error_description", description);
    return FakeResponse.json(status, body);
  }
}
