package dev.jit.http.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * A request the server received and what it did with it: the response sent (from the route or an
 * injected fault), or none when a fault dropped the connection.
 *
 * @param request the request as received
 * @param outcome who answered
 * @param response the response sent; empty when the connection was dropped
 */
public record RecordedExchange(
    RecordedRequest request, Outcome outcome, Optional<FakeResponse> response) {

  /** {@link #status()} of an exchange whose connection was dropped. */
  public static final int NO_STATUS = -1;

  /** Who answered a request. */
  public enum Outcome {
    /** The fake's {@link Route}. */
    ROUTED,
    /** A fault armed with a response. */
    INJECTED,
    /** A fault that closed the connection without an answer. */
    DROPPED
  }

  public RecordedExchange {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(response, "response");
    if (response.isEmpty() != (outcome == Outcome.DROPPED)) {
      throw new IllegalArgumentException("a response exactly when not dropped");
    }
  }

  /** The response's status, or {@link #NO_STATUS} when the connection was dropped. */
  public int status() {
    return response.map(FakeResponse::status).orElse(NO_STATUS);
  }

  /** Whether a fault, not the route, decided this exchange. */
  public boolean faulted() {
    return outcome != Outcome.ROUTED;
  }
}
