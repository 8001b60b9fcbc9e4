package dev.jit.core.policy;

import dev.jit.spi.GroupId;
import dev.jit.spi.UserId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who may request access to a resource: everyone, or the listed users and members of the listed
 * groups. Never nobody, and never "everyone" together with lists (that would read as a restriction
 * but would not be one).
 */
public record Requesters(boolean everyone, Set<UserId> users, Set<GroupId> groups) {
  public Requesters {
    users = copy(users, "users");
    groups = copy(groups, "groups");
    if (everyone && !(users.isEmpty() && groups.isEmpty())) {
      throw new InvalidFieldException(
          "",
          "'everyone: true' cannot be combined with 'users' or 'groups' (it would not restrict"
              + " them)");
    }
    if (!everyone && users.isEmpty() && groups.isEmpty()) {
      throw new InvalidFieldException(
          "", "give 'everyone: true', or at least one of 'users' or 'groups'");
    }
  }

  static <T> Set<T> copy(Set<T> set, String name) {
    Objects.requireNonNull(set, name);
    set.forEach(e -> Objects.requireNonNull(e, name + " must not contain null"));
    return Collections.unmodifiableSet(new LinkedHashSet<>(set));
  }
}
