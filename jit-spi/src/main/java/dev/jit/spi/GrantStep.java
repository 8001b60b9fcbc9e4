package dev.jit.spi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One thing a backend grants: for example membership of Okta group {@code 00g1abc} for login {@code
 * alice@example.com}. Two steps are the same grant when backend, target and principal are equal.
 *
 * @param backend the {@link GrantBackend#type()} that applies it
 * @param target backend-specific coordinates (group id, permission set and account, namespace and
 *     role, …)
 * @param principal the identity the backend knows the requester by (email, login, database user, …)
 */
public record GrantStep(String backend, Map<String, String> target, String principal) {
  private static final Pattern BACKEND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");

  public GrantStep {
    Ids.check("backend type", backend, BACKEND);
    Objects.requireNonNull(target, "target");
    target.forEach(
        (k, v) -> {
          Ids.check("target key", k, KEY);
          Objects.requireNonNull(v, () -> "target value of " + k);
        });
    target = Map.copyOf(target);
    Objects.requireNonNull(principal, "principal");
    if (principal.isBlank() || principal.length() > 256) {
      throw new IllegalArgumentException("principal must be 1 to 256 characters");
    }
  }

  /**
   * The target entry {@code key}; fails with a message naming the step when the policy left it out.
   */
  public String targetValue(String key) {
    String value = target.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "grant step for backend " + backend + " needs target." + key);
    }
    return value;
  }

  @Override
  public String toString() {
    return backend + new TreeMap<>(target) + "→" + principal;
  }
}
