package dev.jit.core.policy;

import dev.jit.spi.RoleName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A role that can be requested on a resource and the grant steps that granting it means.
 *
 * @param name the role
 * @param description shown to requesters; empty when the policy gives none
 * @param steps at least one, executed in order
 * @param breakGlass present when the role may be used in an emergency, without the owners' quorum
 */
public record RolePolicy(
    RoleName name,
    String description,
    List<StepTemplate> steps,
    Optional<BreakGlassPolicy> breakGlass) {

  /** A role without break-glass. */
  public RolePolicy(RoleName name, String description, List<StepTemplate> steps) {
    this(name, description, steps, Optional.empty());
  }

  public RolePolicy {
    Objects.requireNonNull(breakGlass, "breakGlass");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new InvalidFieldException("steps", "the role needs at least one step");
    }
  }
}
