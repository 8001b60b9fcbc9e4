package dev.jit.core.policy;

import dev.jit.core.Durations;
import dev.jit.spi.GroupId;
import dev.jit.spi.Ids;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Emergency access to a role: who may invoke it, for how long at most, where it is announced and
 * when an owner must review it. Access is granted at once, or after one approval by a member of
 * {@code onCall} when that is given.
 *
 * @param users who may invoke it, besides the members of {@code groups}
 * @param groups groups whose members may invoke it
 * @param maxDuration the longest break-glass access, at most {@link #MAX_DURATION}
 * @param announce the security channel every use is announced in
 * @param reviewWithin how long after the grant an owner must review the use
 * @param escalateEvery how often a missed review is escalated again
 * @param onCall a group one of whose members must approve first; empty grants at once
 */
public record BreakGlassPolicy(
    Set<UserId> users,
    Set<GroupId> groups,
    Duration maxDuration,
    String announce,
    Duration reviewWithin,
    Duration escalateEvery,
    Optional<GroupId> onCall) {

  /** Break-glass is short by design: at most this long. */
  public static final Duration MAX_DURATION = Duration.ofHours(12);

  private static final Pattern CHANNEL = Pattern.compile("#?[A-Za-z0-9._-]{1,80}");

  public BreakGlassPolicy {
    users = Requesters.copy(users, "users");
    groups = Requesters.copy(groups, "groups");
    if (users.isEmpty() && groups.isEmpty()) {
      throw new InvalidFieldException(
          "", "name who may use it: at least one of 'users' or 'groups'");
    }
    bounded("maxDuration", maxDuration, MAX_DURATION);
    Objects.requireNonNull(announce, "announce");
    if (!CHANNEL.matcher(announce).matches()) {
      throw new InvalidFieldException(
          "announce",
          "'" + Ids.printable(announce) + "' is not a valid channel (expected " + CHANNEL + ")");
    }
    bounded("reviewWithin", reviewWithin, ResourcePolicy.MAX_DURATION);
    bounded("escalateEvery", escalateEvery, ResourcePolicy.MAX_DURATION);
    Objects.requireNonNull(onCall, "onCall");
  }

  private static void bounded(String field, Duration d, Duration max) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidFieldException(field, Durations.format(d) + " must be positive");
    }
    if (d.compareTo(max) > 0) {
      throw new InvalidFieldException(
          field, Durations.format(d) + " is longer than the cap of " + Durations.format(max));
    }
  }
}
