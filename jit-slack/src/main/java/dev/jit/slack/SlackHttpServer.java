package dev.jit.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
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
 *
 * <p>The JDK server waits for a slow client without limit, on one of {@code threads}: start the JVM
 * with {@code -Dsun.net.httpserver.maxReqTime=10} (seconds) or put a proxy with timeouts in front,
 * or a few stalled connections hold every thread.
 */
public final class SlackHttpServer implements AutoCloseable {
  public static final String DEFAULT_PATH = "/slack/events";
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(SlackHttpServer.class);

  private final String path;
  private final HttpServer server;
  private final ExecutorService threads;

  private SlackHttpServer(Builder b) throws IOException {
    this.path = b.path;
    this.threads = Executors.newFixedThreadPool(b.threads);
    this.server = HttpServer.create(b.address, 0);
    server.createContext(
        path,
        new SlackEndpoint(
            b.app, new SlackSignatureVerifier(b.signingSecret, b.clock), b.maxBodyBytes));
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
