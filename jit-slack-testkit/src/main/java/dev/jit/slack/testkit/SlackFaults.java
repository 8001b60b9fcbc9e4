package dev.jit.slack.testkit;

import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.Fault;
import dev.jit.http.testkit.Faults;
import dev.jit.http.testkit.Match;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link FakeSlack}'s failure injection per Web API method, on the {@code FakeHttpServer}'s faults:
 * at most one armed answer and one latency per method, each replaced (not stacked) by the next.
 * Thread-safe: each map has its own monitor.
 */
final class SlackFaults {

  private final Faults faults;

  /** The armed failure of each method; own monitor. */
  private final Map<String, Fault> injections = new HashMap<>();

  /** The armed latency of each method; own monitor. */
  private final Map<String, Fault> delays = new HashMap<>();

  SlackFaults(Faults faults) {
    this.faults = faults;
  }

  /** The next calls of the method answer {@code {"ok":false,"error":error}} with HTTP 200. */
  void failNext(String method, int times, String error) {
    inject(method, times, errorResponse(200, Objects.requireNonNull(error, "error")));
  }

  /** The next calls of the method answer HTTP 429 ratelimited with {@code Retry-After}. */
  void rateLimitNext(String method, int times, int retryAfterSeconds) {
    inject(
        method,
        times,
        errorResponse(429, "ratelimited")
            .withHeader("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  /** The next calls of the method answer HTTP {@code status} with {@code internal_error}. */
  void serverErrorNext(String method, int times, int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("a server error is a 5xx status, not " + status);
    }
    inject(method, times, errorResponse(status, "internal_error"));
  }

  /** Arms the answer for the next calls of one Web API method, replacing the method's last one. */
  private void inject(String method, int times, FakeResponse response) {
    Objects.requireNonNull(method, "method");
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
    synchronized (injections) {
      Optional.ofNullable(injections.remove(method)).ifPresent(Fault::cancel);
      injections.put(
          method, faults.respondNext(Match.path(SlackRequests.API + method), times, response));
    }
  }

  /** Every call of the method waits this long; {@link Duration#ZERO} removes the latency. */
  void delay(String method, Duration latency) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(latency, "latency");
    synchronized (delays) {
      Optional.ofNullable(delays.remove(method)).ifPresent(Fault::cancel);
      if (latency.compareTo(Duration.ZERO) > 0) {
        delays.put(method, faults.delay(r -> method.equals(SlackRequests.methodOf(r)), latency));
      }
    }
  }

  /** Forgets the armed injections and delays; the server's own reset disarms them. */
  void reset() {
    synchronized (injections) {
      injections.clear();
    }
    synchronized (delays) {
      delays.clear();
    }
  }

  /** Slack's error answer {@code {"ok":false,"error":error}} with this HTTP status. */
  private static FakeResponse errorResponse(int status, String error) {
    return FakeResponse.json(status, WebApi.Answer.error(error).body());
  }
}
