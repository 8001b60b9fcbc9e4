package dev.jit.slack.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.RecordedRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FakeSlack}'s HTTP endpoints: a Web API call is authenticated the way Slack does it (no
 * token, the wrong token, the wrong token type) before {@link WebApi} answers it; {@code
 * apps.connections.open} answers a Socket Mode URL to the app-level token only; a {@code
 * response_url} POST is accepted. Stateless apart from what it is given; thread-safe.
 */
final class SlackEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(FakeSlack.class);

  private final String token;
  private final WebApi api;
  private final SocketModeServer socketMode;

  SlackEndpoints(String token, WebApi api, SocketModeServer socketMode) {
    this.token = token;
    this.api = api;
    this.socketMode = socketMode;
  }

  /** A Web API call that no injected failure answered. */
  FakeResponse serveApi(RecordedRequest request) {
    String method = SlackRequests.methodOf(request);
    ObjectNode body = SlackRequests.parseBody(request);
    Map<String, String> params = SlackRequests.flatten(body);
    String callToken = SlackRequests.callToken(request, params);
    WebApi.Answer answer;
    if (callToken.isEmpty()) {
      answer = WebApi.Answer.error("not_authed");
    } else if (method.equals(FakeSlack.APPS_CONNECTIONS_OPEN)) {
      answer = openConnection(callToken);
    } else if (callToken.equals(FakeSlack.DEFAULT_APP_TOKEN)) {
      answer = WebApi.Answer.error("not_allowed_token_type");
    } else if (!callToken.equals(token)) {
      answer = WebApi.Answer.error("invalid_auth");
    } else {
      answer = api.handle(method, params, body);
    }
    LOG.debug("{} -> {}", method, answer.outcome());
    return FakeResponse.json(200, answer.body());
  }

  /** {@code apps.connections.open}: only the app-level token may open a connection. */
  private WebApi.Answer openConnection(String callToken) {
    if (callToken.equals(token)) {
      return WebApi.Answer.error("not_allowed_token_type");
    }
    if (!callToken.equals(FakeSlack.DEFAULT_APP_TOKEN)) {
      return WebApi.Answer.error("invalid_auth");
    }
    return WebApi.Answer.ok(
        JsonNodeFactory.instance.objectNode().put("url", socketMode.issueUrl()));
  }

  /** A POST to a {@code response_url}: recorded by the server, answered {@code ok}. */
  FakeResponse serveResponseUrl(RecordedRequest request) {
    return FakeResponse.json(200, "{\"ok\":true}");
  }
}
