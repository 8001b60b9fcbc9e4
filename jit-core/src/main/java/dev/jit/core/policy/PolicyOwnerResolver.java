package dev.jit.core.policy;

import dev.jit.spi.Approvers;
import dev.jit.spi.JitException;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.ResourceId;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Resolves owners from the policy catalog: a resource's approvers are its {@code owners}. A
 * resource outside the catalog has no owners, so this throws and the engine fails closed.
 *
 * <p>Thread-safe as long as the supplier is; the supplier form lets an embedder swap the policy
 * (for example on reload) without rebuilding the resolver.
 */
public final class PolicyOwnerResolver implements OwnerResolver {
  private final Supplier<Policy> policy;

  public PolicyOwnerResolver(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    this.policy = () -> policy;
  }

  public PolicyOwnerResolver(Supplier<Policy> policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Approvers approvers(ResourceId resource) {
    Objects.requireNonNull(resource, "resource");
    Policy current = policy.get();
    if (current == null) {
      throw new JitException("no policy catalog is loaded");
    }
    return current
        .resource(resource)
        .map(ResourcePolicy::owners)
        .orElseThrow(
            () -> new JitException("resource '" + resource + "' is not in the policy catalog"));
  }
}
