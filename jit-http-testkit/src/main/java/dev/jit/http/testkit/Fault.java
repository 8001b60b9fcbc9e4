package dev.jit.http.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An armed fault, as {@link Faults} returns it: a handle to see how many requests it matched and
 * acted on, and to {@link #cancel} it. A fault acts on the matching requests numbered {@code from}
 * to {@code to} (1-based, counted from arming) and is spent after the {@code to}-th; see {@link
 * Faults} for how it counts requests.
 */
public final class Fault {

  private final Faults owner;
  private final String description;
  private final Predicate<RecordedRequest> matching;
  private final long from;
  private final long to;
  private final Optional<FakeResponse> response;
  private final Duration latency;

  private long seen;
  private long fired;
  private boolean cancelled;

  Fault(
      Faults owner,
      String description,
      Predicate<RecordedRequest> matching,
      long from,
      long to,
      Optional<FakeResponse> response,
      Duration latency) {
    this.owner = owner;
    this.description = description;
    this.matching = Objects.requireNonNull(matching, "matching");
    this.from = from;
    this.to = to;
    this.response = response;
    this.latency = latency;
  }

  /** Disarms the fault; requests arriving after this are not affected by it. */
  public void cancel() {
    synchronized (owner) {
      cancelled = true;
      owner.disarm(this);
    }
  }

  /** How many requests matched it, the ones it acted on included. */
  public long seen() {
    synchronized (owner) {
      return seen;
    }
  }

  /** How many requests it acted on: answered, dropped or delayed. */
  public long fired() {
    synchronized (owner) {
      return fired;
    }
  }

  /** Whether it can still act: neither cancelled nor past the last request it acts on. */
  public boolean active() {
    synchronized (owner) {
      return !cancelled && seen < to;
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /** A latency fault (else it answers or drops). */
  boolean delays() {
    return !latency.isZero();
  }

  Duration latency() {
    return latency;
  }

  /** The response to send, or empty to drop the connection. */
  Optional<FakeResponse> response() {
    return response;
  }

  /**
   * Counts the request if it matches and answers whether the fault acts on it; called under the
   * owner's monitor.
   */
  boolean offer(RecordedRequest request) {
    if (cancelled || seen >= to || !matching.test(request)) {
      return false;
    }
    seen++;
    if (seen < from) {
      return false;
    }
    fired++;
    return true;
  }
}
