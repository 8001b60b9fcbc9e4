package dev.jit.core.policy;

import dev.jit.spi.ResourceId;
import dev.jit.spi.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policy catalog: what can be requested, by whom, approved by whom, for how long, and what
 * granting it means. Default deny: a resource or role that is not in the catalog cannot be
 * requested. Load one with {@link PolicyLoader}.
 *
 * @param admins may revoke anyone's access early
 * @param resources the catalog, in file order
 */
public record Policy(Set<UserId> admins, Map<ResourceId, ResourcePolicy> resources) {
  public Policy {
    admins = Requesters.copy(admins, "admins");
    resources = ResourcePolicy.copy(resources, ResourcePolicy::id, "resources");
    if (resources.isEmpty()) {
      throw new InvalidFieldException("resources", "the policy needs at least one resource");
    }
  }

  /** The resource's policy, or empty when it is not in the catalog (and so cannot be requested). */
  public Optional<ResourcePolicy> resource(ResourceId id) {
    return id == null ? Optional.empty() : Optional.ofNullable(resources.get(id));
  }
}
