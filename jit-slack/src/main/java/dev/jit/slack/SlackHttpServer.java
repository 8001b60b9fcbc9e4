package dev.jit.slack;

import com.slack.api.bolt.App;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Bolt {@link App} over HTTP with Jetty 12 ({@link SlackServlet}, Bolt's Jakarta servlet
 * adapter) on one path ({@value #DEFAULT_PATH} unless set): Slack's Request URL for slash commands,
 * interactivity and events. Nothing else is served on its port (404).
 *
 * <p>Every request is checked before the app sees it: only POST (405), a body of at most {@code
 * maxBodyBytes} (413) that arrives within {@code bodyTimeout} (408), and the Slack signature and
 * timestamp with {@link SlackSignatureVerifier} (401). Because this check replaces Bolt's, build
 * the app with {@code AppConfig.builder().requestVerificationEnabled(false)}.
 *
 * <p>It is built not to be stalled by clients that cannot sign: bodies are read without blocking (a
 * slow upload holds a connection, not a thread, and for {@code bodyTimeout} at most), a connection
 * quiet for {@code idleTimeout} is closed, at most {@code threads} threads work, and at most {@code
 * maxConnections} connections are open (further ones wait in the kernel's accept queue of {@code
 * acceptQueue}), which also bounds the requests waiting for a thread. The defaults: 16 threads, a
 * body within 5 s, idle 10 s, 1,000 connections, accept queue 128, 1 MB bodies.
 */
public final class SlackHttpServer implements AutoCloseable {
  public static final String DEFAULT_PATH = "/slack/events";
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(SlackHttpServer.class);

  private final String path;
  private final Server server;
  private final ServerConnector connector;

  private SlackHttpServer(Builder b) throws IOException {
    this.path = b.path;
    // Jetty warns against a bounded job queue (a rejected job can be an I/O callback); the
    // connection limit bounds the work waiting instead.
    QueuedThreadPool pool = new QueuedThreadPool(b.threads, 2);
    pool.setName("jit-slack-http");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(16 * 1024);
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(b.address.getHostString());
    connector.setPort(b.address.getPort());
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    connector.setAcceptQueueSize(b.acceptQueue);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(b.maxConnections, connector));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder =
        new ServletHolder(
            new SlackServlet(
                b.app,
                new SlackSignatureVerifier(b.signingSecret, b.clock),
                WorkspaceBinding.of(b.app),
                b.maxBodyBytes,
                b.bodyTimeout,
                b.metrics));
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
    server.setHandler(context);
    server.setStopTimeout(1_000);
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly();
      throw e;
    } catch (Exception e) {
      stopQuietly();
      throw new IOException("the Slack endpoint could not start: " + e.getMessage(), e);
    }
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
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + host + ":" + port() + path);
  }

  /** The port it listens on (useful after binding port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops accepting requests, lets those in flight finish for up to a second. */
  @Override
  public void close() {
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the Slack endpoint failed: {}", e.toString());
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
    private int maxConnections = 1_000;
    private int acceptQueue = 128;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private SlackMetrics metrics = SlackMetrics.NONE;

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
      this.maxBodyBytes = positive(maxBodyBytes, "maxBodyBytes");
      return this;
    }

    /** The clock request timestamps are checked against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Threads serving requests (Jetty's selector and acceptor among them), 16 unless set. */
    public Builder threads(int threads) {
      if (threads < 4) {
        throw new IllegalArgumentException("threads must be at least 4 (acceptor, selector, work)");
      }
      this.threads = threads;
      return this;
    }

    /** Open connections at most; while at the limit, no more are accepted. 1,000 unless set. */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = positive(maxConnections, "maxConnections");
      return this;
    }

    /** The listening socket's backlog, 128 unless set. */
    public Builder acceptQueue(int acceptQueue) {
      this.acceptQueue = positive(acceptQueue, "acceptQueue");
      return this;
    }

    /** From a request's headers to its last body byte at most; 408 after. 5 s unless set. */
    public Builder bodyTimeout(Duration bodyTimeout) {
      this.bodyTimeout = positive(bodyTimeout, "bodyTimeout");
      return this;
    }

    /** Told of every request refused before the app ({@link SlackMetrics#rejected}). */
    public Builder metrics(SlackMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** A connection with nothing sent or received for this long is closed. 10 s unless set. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive(idleTimeout, "idleTimeout");
      return this;
    }

    /** Binds and starts serving. */
    public SlackHttpServer start() throws IOException {
      return new SlackHttpServer(this);
    }

    private static int positive(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return n;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
