package dev.jit.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack request endpoint as a JDK {@link HttpHandler}, for mounting on an HTTP server the
 * embedder already runs (the reference app serves it beside {@code /healthz}); {@link
 * SlackHttpServer} is this handler on a server of its own.
 *
 * <p>In order: POST only (405), a body over the limit is refused (413), the signature and timestamp
 * must verify ({@link SlackSignatureVerifier}, 401), and the payload must belong to the bot token's
 * workspace ({@link WorkspaceBinding}, 401). A refused request never reaches the app. Then the raw
 * request becomes a Bolt request and {@code app.run} answers it; a failure inside the app is
 * answered 500 without details.
 */
public final class SlackEndpoint implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SlackEndpoint.class);

  private final App app;
  private final SlackSignatureVerifier verifier;
  private final SlackRequestParser parser;
  private final int maxBodyBytes;
  private final WorkspaceBinding binding;

  /** An endpoint binding payloads to the workspace of {@code app}'s bot token. */
  public SlackEndpoint(App app, SlackSignatureVerifier verifier, int maxBodyBytes) {
    this(app, verifier, maxBodyBytes, WorkspaceBinding.of(app));
  }

  public SlackEndpoint(
      App app, SlackSignatureVerifier verifier, int maxBodyBytes, WorkspaceBinding binding) {
    this.binding = Objects.requireNonNull(binding, "binding");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.app = app;
    this.verifier = verifier;
    this.parser = new SlackRequestParser(app.config());
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    handleExchange(exchange);
  }

  private void handleExchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
        reply(exchange, 405, "text/plain", "POST only", Map.of());
        return;
      }
      Optional<byte[]> body = readLimited(exchange.getRequestBody());
      if (body.isEmpty()) {
        reply(exchange, 413, "text/plain", "request body too large", Map.of());
        return;
      }
      var headers = exchange.getRequestHeaders();
      if (!verifier.verify(
          Optional.ofNullable(headers.getFirst("X-Slack-Request-Timestamp")),
          Optional.ofNullable(headers.getFirst("X-Slack-Signature")),
          body.get())) {
        reply(exchange, 401, "text/plain", "invalid request signature", Map.of());
        return;
      }
      String text = new String(body.get(), StandardCharsets.UTF_8);
      if (binding.refusal(text).isPresent()) {
        reply(exchange, 401, "text/plain", "payload of another workspace", Map.of());
        return;
      }
      Response response = run(exchange, text);
      reply(
          exchange,
          response.getStatusCode() == null ? 200 : response.getStatusCode(),
          Optional.ofNullable(response.getContentType()).orElse("text/plain"),
          Optional.ofNullable(response.getBody()).orElse(""),
          Optional.ofNullable(response.getHeaders()).orElse(Map.of()));
    } catch (IOException e) {
      LOG.debug("Slack request connection failed", e);
    } catch (RuntimeException e) {
      LOG.error("Slack request failed", e);
    }
  }

  private Response run(HttpExchange exchange, String body) {
    Map<String, List<String>> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    Request<?> request =
        parser.parse(
            SlackRequestParser.HttpRequest.builder()
                .requestUri(exchange.getRequestURI().getPath())
                .queryString(Map.of())
                .requestBody(body)
                .headers(new RequestHeaders(headers))
                .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                .build());
    if (request == null) {
      return Response.builder().statusCode(400).body("unsupported request").build();
    }
    try {
      return app.run(request);
    } catch (Exception e) {
      LOG.error("the Slack app failed on a {} request", request.getRequestType(), e);
      return Response.builder().statusCode(500).body("internal error").build();
    }
  }

  private Optional<byte[]> readLimited(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(maxBodyBytes + 1);
    return bytes.length > maxBodyBytes ? Optional.empty() : Optional.of(bytes);
  }

  private static void reply(
      HttpExchange exchange,
      int status,
      String contentType,
      String body,
      Map<String, List<String>> headers)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().put(k, List.copyOf(v)));
    exchange.getResponseHeaders().set("Content-Type", contentType);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
