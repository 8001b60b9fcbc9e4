package dev.jit.core.policy;

import dev.jit.core.Durations;
import dev.jit.spi.Approvers;
import dev.jit.spi.Ids;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the catalog says about one resource.
 *
 * @param id the resource
 * @param description shown to requesters; empty when the policy gives none
 * @param owners who approves requests, and how many distinct approvals a request needs
 * @param requesters who may request access
 * @param approvalTimeout how long a request waits for approvals before it expires
 * @param maxDuration the longest access that may be requested, at most {@link #MAX_DURATION}
 * @param group a heading the request form lists the resource under (for example {@code
 *     Production}); empty for none
 * @param durations the durations offered to requesters, in file order; empty means any duration up
 *     to {@code maxDuration}
 * @param approvalChannel where the approval message goes; empty means a direct message to the
 *     owners
 * @param roles the roles that can be requested, in file order
 * @param extensionApprovals distinct owner approvals an extension of active access needs; 0 means
 *     access cannot be extended
 */
public record ResourcePolicy(
    ResourceId id,
    String description,
    String group,
    Approvers owners,
    Requesters requesters,
    Duration approvalTimeout,
    Duration maxDuration,
    List<Duration> durations,
    String approvalChannel,
    Map<RoleName, RolePolicy> roles,
    int extensionApprovals) {

  /** A resource whose access cannot be extended. */
  public ResourcePolicy(
      ResourceId id,
      String description,
      String group,
      Approvers owners,
      Requesters requesters,
      Duration approvalTimeout,
      Duration maxDuration,
      List<Duration> durations,
      String approvalChannel,
      Map<RoleName, RolePolicy> roles) {
    this(
        id,
        description,
        group,
        owners,
        requesters,
        approvalTimeout,
        maxDuration,
        durations,
        approvalChannel,
        roles,
        0);
  }

  /**
   * Hard cap on {@code maxDuration} and {@code approvalTimeout}: jit grants are short by design.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(7);

  private static final Pattern CHANNEL = Pattern.compile("#?[A-Za-z0-9._-]{1,80}");

  public ResourcePolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(group, "group");
    if (group.length() > 75) {
      throw new InvalidFieldException(
          "group", "must be at most 75 characters (it is a heading in the request form)");
    }
    Objects.requireNonNull(owners, "owners");
    Objects.requireNonNull(requesters, "requesters");
    Objects.requireNonNull(approvalChannel, "approvalChannel");
    if (!approvalChannel.isEmpty() && !CHANNEL.matcher(approvalChannel).matches()) {
      throw new InvalidFieldException(
          "approvalChannel",
          "'"
              + Ids.printable(approvalChannel)
              + "' is not a valid channel (expected "
              + CHANNEL.pattern()
              + ", or \"\" to message the owners directly)");
    }
    checkBounded("approvalTimeout", approvalTimeout, MAX_DURATION, "the 7d cap");
    checkBounded("maxDuration", maxDuration, MAX_DURATION, "the 7d cap");
    durations = List.copyOf(durations);
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < durations.size(); i++) {
      Duration d = durations.get(i);
      String field = "durations[" + i + "]";
      checkBounded(field, d, maxDuration, "maxDuration " + Durations.format(maxDuration));
      if (!seen.add(d)) {
        throw new InvalidFieldException(field, Durations.format(d) + " is listed twice");
      }
    }
    if (owners.groups().isEmpty() && owners.required() > owners.users().size()) {
      throw new InvalidFieldException(
          "requiredApprovals",
          owners.required()
              + " approvals required but owners has only "
              + owners.users().size()
              + " user(s) and no groups");
    }
    if (extensionApprovals < 0
        || (owners.groups().isEmpty() && extensionApprovals > owners.users().size())) {
      throw new InvalidFieldException(
          "extensionApprovals",
          extensionApprovals
              + " must be at least 1 (or absent: no extensions) and reachable by the owners");
    }
    roles = copy(roles, RolePolicy::name, "roles");
    if (roles.isEmpty()) {
      throw new InvalidFieldException("roles", "the resource needs at least one role");
    }
  }

  /** The role's policy, or empty when the resource has no such role (so it cannot be requested). */
  public Optional<RolePolicy> role(RoleName name) {
    return name == null ? Optional.empty() : Optional.ofNullable(roles.get(name));
  }

  /**
   * The longest access to {@code role} may last in all, extensions included: the role's break-glass
   * maximum for emergency access (zero when the role has no break-glass), {@code maxDuration}
   * otherwise.
   */
  public Duration maxTotal(RoleName role, boolean breakGlass) {
    if (!breakGlass) {
      return maxDuration;
    }
    return role(role)
        .flatMap(RolePolicy::breakGlass)
        .map(BreakGlassPolicy::maxDuration)
        .orElse(Duration.ZERO);
  }

  /**
   * Whether {@code d} may be requested: positive, ≤ {@code maxDuration} and, when {@code durations}
   * is non-empty, one of them. A longer duration is refused, not clamped.
   */
  public boolean allowsDuration(Duration d) {
    if (d == null || d.isNegative() || d.isZero() || d.compareTo(maxDuration) > 0) {
      return false;
    }
    return durations.isEmpty() || durations.contains(d);
  }

  private static void checkBounded(String field, Duration d, Duration max, String maxName) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidFieldException(field, Durations.format(d) + " must be positive");
    }
    if (d.compareTo(max) > 0) {
      throw new InvalidFieldException(field, Durations.format(d) + " is longer than " + maxName);
    }
  }

  /** An unmodifiable copy in iteration order, checking every key is its value's own name. */
  static <K, V> Map<K, V> copy(Map<K, V> map, Function<V, K> key, String name) {
    Objects.requireNonNull(map, name);
    map.forEach(
        (k, v) -> {
          Objects.requireNonNull(v, name + " must not contain null");
          if (!Objects.equals(k, key.apply(v))) {
            throw new IllegalArgumentException(name + ": key " + k + " does not match its value");
          }
        });
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
