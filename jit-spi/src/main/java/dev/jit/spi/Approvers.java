package dev.jit.spi;

import java.util.Set;

/**
 * Who may approve requests for a resource and how many distinct approvals it needs.
 *
 * @param users individual approvers
 * @param groups groups whose members may approve (expanded through {@link Directory#members})
 * @param required distinct approvals needed (N of M)
 */
public record Approvers(Set<UserId> users, Set<GroupId> groups, int required) {
  public Approvers {
    users = Set.copyOf(users);
    groups = Set.copyOf(groups);
    if (users.isEmpty() && groups.isEmpty()) {
      throw new IllegalArgumentException("a resource needs at least one owner (user or group)");
    }
    if (required < 1) {
      throw new IllegalArgumentException("required approvals must be at least 1");
    }
  }
}
