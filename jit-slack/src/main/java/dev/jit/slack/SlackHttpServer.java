package dev.jit.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Bolt {@link App} over HTTP with the JDK's {@code com.sun.net.httpserver}, on one path
 * ({@value #DEFAULT_PATH} unless set): Slack's Request URL for slash commands, interactivity and
 * events.
 *
 * <p>The first thing it does with a request is check it: only POST (405), a body of at most {@code
 * maxBodyBytes} (413), and the Slack signature and timestamp with {@link SlackSignatureVerifier}
 * (401). A refused request never reaches the app, so it changes nothing and calls nothing. Because
 * this check replaces Bolt's, build the app with {@code
 * AppConfig.builder().requestVerificationEnabled(false)}; leaving Bolt's on as well is harmless but
 * redundant.
 *
 * <p>Then the raw request becomes a Bolt request ({@link SlackRequestParser}), {@code
 * app.run(request)} produces the response (the handlers ack at once and hand slow work to an
 * executor), and the response is written back. A failure inside the app is answered 500 without
 * details.
 */
public final class SlackHttpServer implements AutoCloseable {
  public static final String DEFAULT_PATH = "/slack/events";
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(SlackHttpServer.class);

  private final App app;
  private final SlackSignatureVerifier verifier;
  private final SlackRequestParser parser;
  private final int maxBodyBytes;
  private final String path;
  private final HttpServer server;
  private final ExecutorService threads;

  private SlackHttpServer(Builder b) throws IOException {
    this.app = b.app;
    this.verifier = new SlackSignatureVerifier(b.signingSecret, b.clock);
    this.parser = new SlackRequestParser(b.app.config());
    this.maxBodyBytes = b.maxBodyBytes;
    this.path = b.path;
    this.threads = Executors.newFixedThreadPool(b.threads);
    this.server = HttpServer.create(b.address, 0);
    server.createContext(path, this::handle);
    server.setExecutor(threads);
    server.start();
    LOG.info("Slack endpoint listening on {}", url());
  }

  /**
   * A builder for a server of {@code app} that accepts requests signed with {@code signingSecret}.
   */
  public static Builder builder(App app, String signingSecret) {
    return new Builder(app, signingSecret);
  }

  /** The Request URL, e.g. {@code http://127.0.0.1:3000/slack/events}. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + path);
  }

  /** The port it listens on (useful after binding port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests, lets those in flight finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdown();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
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
      Response response = run(exchange, new String(body.get(), StandardCharsets.UTF_8));
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

  /** Builds and starts a {@link SlackHttpServer}. */
  public static final class Builder {
    private final App app;
    private final String signingSecret;
    private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 3000);
    private String path = DEFAULT_PATH;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Clock clock = Clock.systemUTC();
    private int threads = 16;

    private Builder(App app, String signingSecret) {
      this.app = Objects.requireNonNull(app, "app");
      this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
    }

    /** Where to listen; {@code 127.0.0.1:3000} unless set; port 0 picks a free port. */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with /");
      }
      this.path = path;
      return this;
    }

    /** Larger bodies are refused with 413 before anything else. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive");
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The clock request timestamps are checked against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Threads serving requests. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive");
      }
      this.threads = threads;
      return this;
    }

    /** Binds and starts serving. */
    public SlackHttpServer start() throws IOException {
      return new SlackHttpServer(this);
    }
  }
}
