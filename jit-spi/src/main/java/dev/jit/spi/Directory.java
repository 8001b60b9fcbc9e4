package dev.jit.spi;

import java.util.Optional;
import java.util.Set;

/**
 * Looks people and groups up in the organisation's directory (Slack users and user groups, an IdP,
 * …).
 *
 * <p>Thread-safe; implementations may cache, with a bounded lifetime so that someone who leaves
 * stops counting soon. Throws {@link JitException} when the directory cannot be reached: the engine
 * then fails closed (an approval that cannot be verified does not count, a request whose identities
 * cannot be resolved is refused).
 */
public interface Directory {

  /** The person, or empty when the directory does not know them. */
  Optional<UserProfile> user(UserId id);

  /** The current members of {@code group}; empty when the group does not exist. */
  Set<UserId> members(GroupId group);
}
