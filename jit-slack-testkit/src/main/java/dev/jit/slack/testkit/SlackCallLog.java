package dev.jit.slack.testkit;

import dev.jit.http.testkit.FakeHttpServer;
import dev.jit.http.testkit.RecordedExchange;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link FakeSlack}'s recorded calls, read from the {@code FakeHttpServer}'s exchanges as {@link
 * SlackCall}s: Web API methods and {@code response_url} POSTs, oldest first. Thread-safe as the
 * server's recording is.
 */
final class SlackCallLog {

  private final FakeHttpServer server;

  SlackCallLog(FakeHttpServer server) {
    this.server = server;
  }

  /** Every call recorded since start or the last clear, oldest first. */
  List<SlackCall> calls() {
    return server.exchanges().stream()
        .filter(SlackRequests::isSlackCall)
        .map(this::toCall)
        .toList();
  }

  /** The calls of one method, oldest first. */
  List<SlackCall> calls(String method) {
    return calls().stream().filter(c -> c.method().equals(method)).toList();
  }

  /**
   * The first recorded call of the method that matches, waiting up to {@code timeout} for it.
   *
   * @throws AssertionError on timeout, listing the calls of that method that were received
   */
  SlackCall await(String method, Predicate<SlackCall> matching, Duration timeout) {
    return server
        .awaitExchange(
            e ->
                SlackRequests.isSlackCall(e)
                    && method.equals(SlackRequests.methodOf(e.request()))
                    && matching.test(toCall(e)),
            timeout)
        .map(this::toCall)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no matching "
                        + method
                        + " call within "
                        + timeout
                        + "; received: "
                        + calls(method)));
  }

  /** The call as recorded, with a {@code response_url}'s full URL. */
  private SlackCall toCall(RecordedExchange exchange) {
    return SlackRequests.toCall(exchange, server.baseUrl());
  }
}
