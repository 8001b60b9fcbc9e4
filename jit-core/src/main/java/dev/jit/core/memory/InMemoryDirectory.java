package dev.jit.core.memory;

import dev.jit.spi.Directory;
import dev.jit.spi.GroupId;
import dev.jit.spi.JitException;
import dev.jit.spi.UserId;
import dev.jit.spi.UserProfile;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Directory} that tests fill in and change while it is in use: people (active or not, with
 * their identities), groups, and an outage switch ({@link #failWith}) under which every lookup
 * throws. Thread-safe; lookups see the latest change.
 */
public final class InMemoryDirectory implements Directory {
  private final Map<UserId, UserProfile> users = new ConcurrentHashMap<>();
  private final Map<GroupId, Set<UserId>> groups = new ConcurrentHashMap<>();
  private volatile JitException failure;

  /** Adds or replaces an active person with {@code identities} (kind → name). */
  public InMemoryDirectory user(UserId id, Map<String, String> identities) {
    users.put(id, new UserProfile(id, true, identities));
    return this;
  }

  /** Marks a known person inactive (left, deactivated). */
  public InMemoryDirectory deactivate(UserId id) {
    return setActive(id, false);
  }

  /** Marks a known person active again. */
  public InMemoryDirectory activate(UserId id) {
    return setActive(id, true);
  }

  private InMemoryDirectory setActive(UserId id, boolean active) {
    Objects.requireNonNull(id, "id");
    if (users.computeIfPresent(id, (k, p) -> new UserProfile(k, active, p.identities())) == null) {
      throw new IllegalArgumentException("unknown user " + id + ": add it with user() first");
    }
    return this;
  }

  /** Forgets a person entirely: lookups then find nothing. */
  public InMemoryDirectory remove(UserId id) {
    users.remove(id);
    return this;
  }

  /** Adds or replaces a group with exactly {@code members}. */
  public InMemoryDirectory group(GroupId id, Set<UserId> members) {
    groups.put(Objects.requireNonNull(id, "id"), Set.copyOf(members));
    return this;
  }

  /** Simulates an outage: every lookup throws {@code failure} until {@link #heal()}. */
  public InMemoryDirectory failWith(JitException failure) {
    this.failure = Objects.requireNonNull(failure, "failure");
    return this;
  }

  /** Ends the outage begun by {@link #failWith}. */
  public InMemoryDirectory heal() {
    failure = null;
    return this;
  }

  @Override
  public Optional<UserProfile> user(UserId id) {
    failIfDown();
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public Set<UserId> members(GroupId group) {
    failIfDown();
    return groups.getOrDefault(group, Set.of());
  }

  private void failIfDown() {
    JitException f = failure;
    if (f != null) {
      throw f;
    }
  }
}
