package dev.jit.okta.internal;

import dev.jit.spi.BackendException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends requests to one Okta org: at most {@code maxConcurrent} at once, each admitted by {@link
 * RateLimits} first and its rate-limit headers recorded after. I/O failures and timeouts are
 * retryable {@link BackendException}s; a 429 is {@link RateLimited}. Every other answer is returned
 * for the caller to read. Messages name the operation, never a header value or a body.
 */
public final class OktaHttp implements AutoCloseable {

  /** An answer: status, headers and body text. */
  public record Answer(int status, java.net.http.HttpHeaders headers, String body) {}

  private final URI org;
  private final ExecutorService executor;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Semaphore permits;
  private final int maxConcurrent;
  private final RateLimits limits;

  public OktaHttp(
      URI org,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxConcurrent,
      int reservePercent,
      Clock clock) {
    this.org = org;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "okta-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    this.requestTimeout = requestTimeout;
    this.maxConcurrent = maxConcurrent;
    this.permits = new Semaphore(maxConcurrent, true);
    this.limits = new RateLimits(clock, reservePercent);
  }

  public URI org() {
    return org;
  }

  /** A request to {@code uri} with this client's timeout. */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
  }

  /** Sends one request of rate-limit {@code family}; {@code what} names it in failures. */
  public Answer exchange(String family, HttpRequest request, String what) {
    limits.admit(family, what);
    try {
      if (!permits.tryAcquire(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw BackendException.retryable(
            what + ": " + maxConcurrent + " Okta calls already in flight (maxConcurrentCalls)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.retryable(what + ": interrupted");
    }
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new BackendException(what + ": Okta did not answer in time", true, e);
    } catch (IOException e) {
      throw new BackendException(
          what + ": the call to Okta failed (" + e.getClass().getSimpleName() + ")", true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.retryable(what + ": interrupted");
    } finally {
      permits.release();
    }
    limits.record(family, response.statusCode(), response.headers());
    if (response.statusCode() == 429) {
      limits.admit(family, what); // throws RateLimited with the reset time just recorded
    }
    return new Answer(response.statusCode(), response.headers(), response.body());
  }

  /** The rate-limit family of a path: token, users or groups. */
  public static String family(String path) {
    if (path.startsWith("/oauth2/")) {
      return "token";
    }
    return path.startsWith("/api/v1/groups") ? "groups" : "users";
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
