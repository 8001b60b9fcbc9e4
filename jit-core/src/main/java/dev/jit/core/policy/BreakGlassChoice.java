package dev.jit.core.policy;

import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import java.util.Objects;

/** A role someone may invoke break-glass on, with its break-glass policy, for forms to offer. */
public record BreakGlassChoice(ResourceId resource, RoleName role, BreakGlassPolicy policy) {
  public BreakGlassChoice {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(policy, "policy");
  }
}
