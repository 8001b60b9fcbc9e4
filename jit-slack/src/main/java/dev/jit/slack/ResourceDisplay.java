package dev.jit.slack;

import dev.jit.core.policy.Policy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.spi.AccessRequest;
import java.util.Objects;

/**
 * How a request's resource and role are described to people, taken from the policy when the message
 * is rendered. Descriptions are treated as untrusted text and escaped.
 *
 * @param resourceDescription empty when unknown
 * @param roleDescription empty when unknown
 */
public record ResourceDisplay(String resourceDescription, String roleDescription) {
  private static final ResourceDisplay NONE = new ResourceDisplay("", "");

  public ResourceDisplay {
    Objects.requireNonNull(resourceDescription, "resourceDescription");
    Objects.requireNonNull(roleDescription, "roleDescription");
  }

  /** No descriptions: the ids alone are shown. */
  public static ResourceDisplay none() {
    return NONE;
  }

  /**
   * The descriptions the policy gives for the request's resource and role; empty ones when the
   * policy no longer lists them.
   */
  public static ResourceDisplay of(Policy policy, AccessRequest request) {
    return policy
        .resource(request.resource())
        .map(
            rp ->
                new ResourceDisplay(
                    rp.description(),
                    rp.role(request.role()).map(RolePolicy::description).orElse("")))
        .orElse(NONE);
  }
}
