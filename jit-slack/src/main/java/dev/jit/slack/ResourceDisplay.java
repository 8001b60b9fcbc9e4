package dev.jit.slack;

import dev.jit.core.policy.Policy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.slack.internal.ExtensionChoices;
import dev.jit.spi.AccessRequest;
import java.util.Objects;

/**
 * How a request's resource and role are described to people, taken from the policy when the message
 * is rendered. Descriptions are treated as untrusted text and escaped.
 *
 * @param resourceDescription empty when unknown
 * @param roleDescription empty when unknown
 * @param extendable whether the holder may ask for more time now (active, nothing pending, room
 *     below the policy's maximum): messages to the holder then offer Extend…
 */
public record ResourceDisplay(
    String resourceDescription, String roleDescription, boolean extendable) {
  private static final ResourceDisplay NONE = new ResourceDisplay("", "");

  /** Descriptions only, no extension offered. */
  public ResourceDisplay(String resourceDescription, String roleDescription) {
    this(resourceDescription, roleDescription, false);
  }

  public ResourceDisplay {
    Objects.requireNonNull(resourceDescription, "resourceDescription");
    Objects.requireNonNull(roleDescription, "roleDescription");
  }

  /** No descriptions: the ids alone are shown. */
  public static ResourceDisplay none() {
    return NONE;
  }

  /** Whether {@code r} is active, has no extension pending and room for one of the offers. */
  public static boolean extendable(Policy policy, AccessRequest r) {
    return r.status() == dev.jit.spi.RequestStatus.ACTIVE
        && r.extension().isEmpty()
        && !ExtensionChoices.of(policy, r).isEmpty();
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
                    rp.role(request.role()).map(RolePolicy::description).orElse(""),
                    extendable(policy, request)))
        .orElse(NONE);
  }
}
