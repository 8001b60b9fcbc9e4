package dev.jit.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the directory knows about a person.
 *
 * @param active false for people who left, were deactivated, or may not take part (guests, bots);
 *     their approvals do not count and they cannot request
 * @param identities the names other systems know them by, keyed by kind: {@code email}, {@code
 *     okta-login}, {@code db-user}, …
 */
public record UserProfile(UserId id, boolean active, Map<String, String> identities) {
  public UserProfile {
    Objects.requireNonNull(id, "id");
    identities = Map.copyOf(identities);
  }

  /** The identity of the given kind, if the directory has one. */
  public Optional<String> identity(String kind) {
    return Optional.ofNullable(identities.get(kind));
  }
}
