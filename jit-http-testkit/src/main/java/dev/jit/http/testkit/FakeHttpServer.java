package dev.jit.http.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local HTTP server for fakes of HTTP-speaking services (Slack, AWS, Okta, ...), so each fake
 * writes only its model of the service as a {@link Route} and gets the rest from here: a server on
 * {@code 127.0.0.1} at an ephemeral port, every request decoded ({@link RecordedRequest}) and
 * recorded with the answer it got ({@link RecordedExchange}), and {@link #faults() faults} the test
 * arms to answer with errors, answer late or drop the connection.
 *
 * <p>A request is handled in this order: its faults are consulted (see {@link Faults}); the fault's
 * response or else the route's is chosen; the exchange is recorded; the latency, if any, is waited;
 * then the answer is sent or the connection closed without one. Recording before answering means a
 * client that got its answer always finds its request recorded, and a test sees a delayed request
 * while the client is still waiting.
 *
 * <p>Thread-safe. Requests are served by at most {@link Builder#threads} daemon threads; more wait
 * in a queue.
 */
public final class FakeHttpServer implements AutoCloseable {

  /**
   * How long {@link #close()} waits at most for requests released from a latency to be answered.
   */
  public static final Duration RELEASE_GRACE = Duration.ofSeconds(1);

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final Faults faults = new Faults();
  private final Recording recording = new Recording();
  private final RequestHandler handler;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Options of a server; {@link #start(Route)} starts it. */
  public static final class Builder {
    private String name = "fake-http";
    private Clock clock = Clock.systemUTC();
    private int threads = 16;

    private Builder() {}

    /** The prefix of the server's thread names and log lines; default {@code fake-http}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The clock of {@link RecordedRequest#receivedAt()}; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How many requests are served at once, delayed ones included; default 16. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive");
      }
      this.threads = threads;
      return this;
    }

    /** Starts a server that answers with {@code route}. */
    public FakeHttpServer start(Route route) {
      try {
        return new FakeHttpServer(this, Objects.requireNonNull(route, "route"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
    }
  }

  private FakeHttpServer(Builder options, Route route) throws IOException {
    String name = options.name;
    this.handler = new RequestHandler(name, options.clock, route, faults, recording);
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            options.threads,
            options.threads,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
  }

  /** The options of a server to start. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with the default options that answers with {@code route}. */
  public static FakeHttpServer start(Route route) {
    return builder().start(route);
  }

  /** The server's root, e.g. {@code http://127.0.0.1:54321/}. */
  public URI uri() {
    return URI.create(baseUrl() + "/");
  }

  /** The server's root without the trailing slash, e.g. {@code http://127.0.0.1:54321}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The faults armed on this server; arm them before or while the client calls. */
  public Faults faults() {
    return faults;
  }

  // --- recorded requests

  /** Every request received since start or the last {@link #reset}, with its answer, in order. */
  public List<RecordedExchange> exchanges() {
    return recording.all();
  }

  /** Every request received since start or the last {@link #reset}, in order. */
  public List<RecordedRequest> requests() {
    return requests(Match.any());
  }

  /** The received requests that match, in order. */
  public List<RecordedRequest> requests(Predicate<RecordedRequest> matching) {
    return recording.all().stream().map(RecordedExchange::request).filter(matching).toList();
  }

  /** How many received requests match. */
  public int count(Predicate<RecordedRequest> matching) {
    return requests(matching).size();
  }

  /** The latest received request that matches. */
  public Optional<RecordedRequest> lastRequest(Predicate<RecordedRequest> matching) {
    List<RecordedRequest> matches = requests(matching);
    return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(matches.size() - 1));
  }

  /**
   * The first recorded exchange that matches, waiting up to {@code timeout} for it; exchanges
   * already recorded count. Empty on timeout.
   */
  public Optional<RecordedExchange> awaitExchange(
      Predicate<RecordedExchange> matching, Duration timeout) {
    return recording.await(matching, timeout);
  }

  /**
   * The first received request that matches, waiting up to {@code timeout} for it.
   *
   * @throws AssertionError on timeout, listing the requests received
   */
  public RecordedRequest awaitRequest(Predicate<RecordedRequest> matching, Duration timeout) {
    return awaitExchange(e -> matching.test(e.request()), timeout)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no matching request within " + timeout + "; received: " + requests()))
        .request();
  }

  /** Forgets the recorded requests; faults stay armed. */
  public void clearRequests() {
    recording.clear();
  }

  /** Back to the freshly started state: no recorded requests, no armed faults. */
  public void reset() {
    faults.clear();
    recording.clear();
  }

  /**
   * Stops the server: requests waiting out a latency are answered at once (close waits up to {@link
   * #RELEASE_GRACE} for them), then the port is freed and open connections are closed; idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    handler.release(RELEASE_GRACE);
    server.stop(0);
    executor.shutdownNow();
  }
}
