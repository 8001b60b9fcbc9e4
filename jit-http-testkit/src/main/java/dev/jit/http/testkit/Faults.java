package dev.jit.http.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The faults a test arms on a {@link FakeHttpServer}, each matched by a predicate on the request
 * ({@link Match#any()} for every request). Thread-safe: arm and cancel from the test while the
 * client calls.
 *
 * <p>Order of consumption, for each request as it arrives (requests are taken one at a time):
 *
 * <ol>
 *   <li>Armed faults are consulted oldest first.
 *   <li>Every active latency fault ({@link #delay}, {@link #delayNext}) that matches counts the
 *       request, and when it is its turn adds its latency; latencies of several faults add up.
 *   <li>The oldest active answer fault (respond or drop) that matches and whose turn it is decides
 *       the answer. Answer faults consulted before it count the request too (that is how {@link
 *       #respondOnNth} knows the N-th); answer faults armed after it do not see the request.
 *   <li>Without an answer fault the {@link Route} answers. The exchange is recorded, the latency
 *       waited, then the answer sent or the connection dropped.
 * </ol>
 *
 * <p>A fault for the next {@code K} requests is spent after {@code K} matches; one for the N-th
 * after its N-th match; a {@link #delay} lasts until {@link Fault#cancel cancelled} or {@link
 * #clear cleared}. Spent faults are forgotten.
 */
public final class Faults {

  private final List<Fault> armed = new ArrayList<>();

  Faults() {}

  /** The next {@code times} matching requests get this response instead of the route's. */
  public Fault respondNext(Predicate<RecordedRequest> matching, int times, FakeResponse response) {
    return arm("respond " + response.status() + " x" + times, matching, 1, times(times), response);
  }

  /** The {@code nth} matching request from now (1-based) gets this response; others pass. */
  public Fault respondOnNth(Predicate<RecordedRequest> matching, int nth, FakeResponse response) {
    return arm("respond " + response.status() + " on #" + nth, matching, nth(nth), nth, response);
  }

  /**
   * The next {@code times} matching requests get no answer: the server closes the connection
   * without sending a status line, so the client sees an {@link java.io.IOException}. Clients may
   * retry an idempotent request on a new connection before they give up ({@code java.net.http}
   * retries a {@code GET} once), and each attempt is a matching request: to fail such a call, drop
   * as many as the client attempts.
   */
  public Fault dropNext(Predicate<RecordedRequest> matching, int times) {
    return arm("drop x" + times, matching, 1, times(times), null);
  }

  /** The {@code nth} matching request from now (1-based) gets its connection dropped. */
  public Fault dropOnNth(Predicate<RecordedRequest> matching, int nth) {
    return arm("drop on #" + nth, matching, nth(nth), nth, null);
  }

  /** Every matching request is answered {@code latency} later, until the fault is cancelled. */
  public Fault delay(Predicate<RecordedRequest> matching, Duration latency) {
    return armLatency("delay " + latency, matching, Long.MAX_VALUE, latency);
  }

  /** The next {@code times} matching requests are answered {@code latency} later. */
  public Fault delayNext(Predicate<RecordedRequest> matching, int times, Duration latency) {
    return armLatency("delay " + latency + " x" + times, matching, times(times), latency);
  }

  /** The active faults, oldest first. */
  public synchronized List<Fault> armed() {
    return List.copyOf(armed);
  }

  /** Disarms every fault. */
  public void clear() {
    for (Fault fault : armed()) {
      fault.cancel();
    }
  }

  /** What the faults do to a request: who answers (empty: the route) and the added latency. */
  record Decision(Optional<Fault> answer, Duration latency) {}

  synchronized Decision decide(RecordedRequest request) {
    Fault answer = null;
    Duration latency = Duration.ZERO;
    for (Fault fault : List.copyOf(armed)) {
      if (fault.delays()) {
        if (fault.offer(request)) {
          latency = latency.plus(fault.latency());
        }
      } else if (answer == null && fault.offer(request)) {
        answer = fault;
      }
      if (!fault.active()) {
        armed.remove(fault);
      }
    }
    return new Decision(Optional.ofNullable(answer), latency);
  }

  synchronized void disarm(Fault fault) {
    armed.remove(fault);
  }

  private Fault arm(
      String description,
      Predicate<RecordedRequest> matching,
      long from,
      long to,
      FakeResponse response) {
    return add(
        new Fault(
            this, description, matching, from, to, Optional.ofNullable(response), Duration.ZERO));
  }

  private Fault armLatency(
      String description, Predicate<RecordedRequest> matching, long times, Duration latency) {
    if (latency.isNegative() || latency.isZero()) {
      throw new IllegalArgumentException("latency must be positive, not " + latency);
    }
    return add(new Fault(this, description, matching, 1, times, Optional.empty(), latency));
  }

  private synchronized Fault add(Fault fault) {
    if (fault.active()) {
      armed.add(fault);
    }
    return fault;
  }

  private static long times(int times) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
    return times;
  }

  private static long nth(int nth) {
    if (nth < 1) {
      throw new IllegalArgumentException("nth counts from 1, not " + nth);
    }
    return nth;
  }
}
