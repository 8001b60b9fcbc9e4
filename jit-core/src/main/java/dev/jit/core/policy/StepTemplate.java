package dev.jit.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One grant step as policy describes it; {@code principal} names the identity kind the backend
 * needs (email, okta-login, db-user, ...), resolved per requester through the Directory.
 *
 * @param backend the backend type, for example {@code postgres-role}
 * @param target what the backend grants, for example {@code {role: payments_read}}; file order
 * @param principal the identity kind the backend needs, for example {@code db-user}
 */
public record StepTemplate(String backend, Map<String, String> target, String principal) {
  static final Pattern BACKEND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  static final Pattern PRINCIPAL = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  static final Pattern TARGET_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");

  public StepTemplate {
    check("backend", backend, BACKEND);
    check("principal", principal, PRINCIPAL);
    Objects.requireNonNull(target, "target");
    target.forEach(
        (k, v) -> {
          check("target key", k, TARGET_KEY);
          if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("target '" + k + "' must not be blank");
          }
        });
    target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
  }

  private static void check(String what, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not valid: expected " + pattern.pattern());
    }
  }
}
