package dev.jit.aws.internal;

import dev.jit.spi.BackendException;
import dev.jit.spi.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The start-up check of managed permission sets: each must be describable, and its SessionDuration
 * must not exceed the longest grant, because deleting an assignment does not end the role sessions
 * opened before it.
 */
public final class SessionPreflight {
  private SessionPreflight() {}

  public static List<Problem> check(
      IdentityCenterCalls sso, Map<String, String> permissionSets, Duration max) {
    List<Problem> out = new ArrayList<>();
    permissionSets.forEach(
        (n, arn) -> {
          String key = "permissionSets." + n;
          try {
            String session = sso.sessionDuration(arn);
            Duration d = session == null ? Duration.ofHours(1) : Duration.parse(session);
            if (max != null && d.compareTo(max) > 0) {
              out.add(
                  new Problem(
                      key,
                      "session duration "
                          + d
                          + " exceeds maxSessionDuration "
                          + max
                          + ": sessions opened before a revoke keep working up to "
                          + d));
            }
          } catch (BackendException e) {
            out.add(new Problem(key, "cannot be described: " + e.getMessage()));
          }
        });
    return List.copyOf(out);
  }
}
