package dev.jit.okta.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What Okta's {@code X-Rate-Limit-*} headers said, per endpoint family, and the admission rule
 * built on it: no call before the reset time after a 429, and none while the remaining calls are
 * below the reserve (a share of the limit left to every other integration of the org) until the
 * window resets. The reset (UTC epoch seconds) is read against this host's clock, which the client
 * assertion already requires to be synchronised.
 */
public final class RateLimits {
  private static final class State {
    long limit;
    long remaining;
    Instant reset;
    Instant blockedUntil;
  }

  private final Clock clock;
  private final int reservePercent;
  private final Map<String, State> states = new HashMap<>();

  public RateLimits(Clock clock, int reservePercent) {
    this.clock = clock;
    this.reservePercent = reservePercent;
  }

  /**
   * Lets one call of {@code family} go, counting it against the remaining calls, or throws {@link
   * RateLimited}.
   */
  public synchronized void admit(String family, String what) {
    State s = states.get(family);
    if (s == null) {
      return;
    }
    Instant now = clock.instant();
    if (s.blockedUntil != null && now.isBefore(s.blockedUntil)) {
      throw new RateLimited(
          what + ": Okta answered 429 (rate limit, E0000047); no call before " + s.blockedUntil,
          s.blockedUntil);
    }
    if (s.reset == null || !now.isBefore(s.reset)) {
      states.remove(family);
      return;
    }
    if (s.limit > 0 && s.remaining * 100 <= s.limit * reservePercent) {
      throw new RateLimited(
          what
              + ": holding back, "
              + s.remaining
              + " of "
              + s.limit
              + " Okta calls left in this window (reserve "
              + reservePercent
              + "%) until "
              + s.reset,
          s.reset);
    }
    s.remaining--;
  }

  /** Reads the headers of an answer; a 429 blocks the family until its reset. */
  public synchronized void record(String family, int status, HttpHeaders headers) {
    OptionalLong limit = number(headers, "X-Rate-Limit-Limit");
    OptionalLong remaining = number(headers, "X-Rate-Limit-Remaining");
    OptionalLong reset = number(headers, "X-Rate-Limit-Reset");
    Instant now = clock.instant();
    State s = states.computeIfAbsent(family, f -> new State());
    if (limit.isPresent() && remaining.isPresent() && reset.isPresent()) {
      s.limit = limit.getAsLong();
      s.remaining = remaining.getAsLong();
      s.reset = Instant.ofEpochSecond(reset.getAsLong());
    }
    if (status == 429) {
      Instant until = s.reset != null && s.reset.isAfter(now) ? s.reset : now.plusSeconds(60);
      s.blockedUntil = until;
      if (s.reset == null || !s.reset.isAfter(now)) {
        s.reset = until;
      }
    }
  }

  private static OptionalLong number(HttpHeaders headers, String name) {
    try {
      return headers
          .firstValue(name)
          .map(v -> OptionalLong.of(Long.parseLong(v.trim())))
          .orElse(OptionalLong.empty());
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
