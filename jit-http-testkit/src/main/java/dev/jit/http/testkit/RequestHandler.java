package dev.jit.http.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each request on the server's threads, in the order {@link FakeHttpServer} documents:
 * decode, consult the faults, route, record, wait out the latency, answer or drop.
 */
final class RequestHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FakeHttpServer.class);

  private final String name;
  private final Clock clock;
  private final Route route;
  private final Faults faults;
  private final Recording recording;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Object delayedLock = new Object();
  private int delayed; // requests waiting out a latency or being answered after one

  RequestHandler(String name, Clock clock, Route route, Faults faults, Recording recording) {
    this.name = name;
    this.clock = clock;
    this.route = route;
    this.faults = faults;
    this.recording = recording;
  }

  /**
   * Ends every latency now and waits up to {@code grace} for the requests it released to be
   * answered, so a closing server answers them instead of cutting them off.
   */
  void release(Duration grace) {
    closing.countDown();
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (delayedLock) {
      long left = grace.toNanos();
      while (delayed > 0 && left > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(delayedLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        left = deadline - System.nanoTime();
      }
    }
  }

  @Override
  public void handle(HttpExchange http) {
    try (http) {
      Instant at = clock.instant();
      URI uri = http.getRequestURI();
      RecordedRequest request =
          RecordedRequest.of(
              http.getRequestMethod(),
              Objects.toString(uri.getPath(), ""),
              uri.getRawQuery(),
              new LinkedHashMap<>(http.getRequestHeaders()),
              http.getRequestBody().readAllBytes(),
              at);
      Faults.Decision decision = faults.decide(request);
      RecordedExchange exchange =
          decision.answer().map(fault -> injected(request, fault)).orElseGet(() -> routed(request));
      if (decision.latency().isZero()) {
        record(exchange);
        answer(http, exchange);
      } else {
        answerLate(http, exchange, decision.latency());
      }
    } catch (IOException e) {
      LOG.debug("{}: exchange failed: {}", name, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(RecordedExchange exchange) {
    recording.add(exchange);
    LOG.debug("{}: {} -> {}", name, exchange.request(), exchange.status());
  }

  /** Counted from before it is recorded, so a close that saw the request waits for its answer. */
  private void answerLate(HttpExchange http, RecordedExchange exchange, Duration latency)
      throws IOException, InterruptedException {
    synchronized (delayedLock) {
      delayed++;
    }
    try {
      record(exchange);
      closing.await(latency.toNanos(), TimeUnit.NANOSECONDS);
      answer(http, exchange);
    } finally {
      synchronized (delayedLock) {
        delayed--;
        delayedLock.notifyAll();
      }
    }
  }

  /** Sends the response; without one, the exchange closes before any header: a dropped line. */
  private static void answer(HttpExchange http, RecordedExchange exchange) throws IOException {
    Optional<FakeResponse> response = exchange.response();
    if (response.isEmpty()) {
      return;
    }
    response.get().headers().forEach(http.getResponseHeaders()::set);
    int status = response.get().status();
    boolean bodyless =
        !response.get().hasBody()
            || exchange.request().method().equalsIgnoreCase("HEAD")
            || status == 204
            || status == 304;
    if (bodyless) {
      http.sendResponseHeaders(status, -1);
      return;
    }
    byte[] body = response.get().body();
    http.sendResponseHeaders(status, body.length);
    try (OutputStream out = http.getResponseBody()) {
      out.write(body);
    }
  }

  private static RecordedExchange injected(RecordedRequest request, Fault fault) {
    return fault
        .response()
        .map(r -> new RecordedExchange(request, RecordedExchange.Outcome.INJECTED, Optional.of(r)))
        .orElseGet(
            () ->
                new RecordedExchange(request, RecordedExchange.Outcome.DROPPED, Optional.empty()));
  }

  private RecordedExchange routed(RecordedRequest request) {
    FakeResponse response;
    try {
      response = Objects.requireNonNull(route.respond(request), "the route answered null");
    } catch (Exception e) {
      LOG.warn("{}: the route failed on {}", name, request, e);
      response = FakeResponse.text(500, name + ": the route failed: " + e);
    }
    return new RecordedExchange(request, RecordedExchange.Outcome.ROUTED, Optional.of(response));
  }
}
