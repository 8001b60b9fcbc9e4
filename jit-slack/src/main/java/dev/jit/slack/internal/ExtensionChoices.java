package dev.jit.slack.internal;

import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.AccessRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The extensions offered for one grant: the resource's durations, or a standard ladder when it
 * lists none, keeping those that fit below its maximum. Pure.
 */
public final class ExtensionChoices {
  private static final List<Duration> LADDER =
      List.of(
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4));

  private ExtensionChoices() {}

  public static List<Duration> of(Policy policy, AccessRequest r) {
    Optional<ResourcePolicy> rp = policy.resource(r.resource());
    if (rp.isEmpty() || rp.get().extensionApprovals() < 1) {
      return List.of();
    }
    Duration room = rp.get().maxTotal(r.role(), r.isBreakGlass()).minus(r.totalDuration());
    List<Duration> base =
        rp.get().durations().isEmpty() || r.isBreakGlass() ? LADDER : rp.get().durations();
    return base.stream().filter(d -> d.compareTo(room) <= 0).toList();
  }
}
