package dev.jit.core.policy;

import dev.jit.spi.RoleName;
import java.util.List;
import java.util.Objects;

/**
 * A role that can be requested on a resource and the grant steps that granting it means.
 *
 * @param name the role
 * @param description shown to requesters; empty when the policy gives none
 * @param steps at least one, executed in order
 */
public record RolePolicy(RoleName name, String description, List<StepTemplate> steps) {
  public RolePolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new InvalidFieldException("steps", "the role needs at least one step");
    }
  }
}
