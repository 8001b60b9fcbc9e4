package dev.jit.spi;

import java.util.Objects;

/** Identifies one durable timer. Scheduling a key that exists moves its due time. */
public record TimerKey(TimerKind kind, RequestId requestId) {
  public TimerKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** A stable string form, {@code KIND/request-id}, for stores that key timers by string. */
  public String asString() {
    return kind.name() + "/" + requestId.value();
  }

  /** Parses {@link #asString()}. */
  public static TimerKey parse(String value) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a timer key: " + Ids.printable(value));
    }
    return new TimerKey(
        TimerKind.valueOf(value.substring(0, slash)), new RequestId(value.substring(slash + 1)));
  }
}
