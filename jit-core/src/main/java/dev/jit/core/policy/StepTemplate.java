package dev.jit.core.policy;

import dev.jit.spi.Ids;
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
  /** How a backend instance is named, here and in the configuration that defines it. */
  public static final Pattern BACKEND = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** How an identity kind is spelled, here and wherever identities are configured. */
  public static final Pattern PRINCIPAL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  static final Pattern TARGET_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");

  public StepTemplate {
    check("backend", backend, BACKEND, "backend type");
    check("principal", principal, PRINCIPAL, "principal kind");
    Objects.requireNonNull(target, "target");
    target.forEach(
        (k, v) -> {
          check("target." + k, k, TARGET_KEY, "target key");
          if (v == null || v.isBlank()) {
            throw new InvalidFieldException("target." + k, "must not be blank");
          }
        });
    target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
  }

  private static void check(String field, String value, Pattern pattern, String what) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new InvalidFieldException(
          field,
          "'"
              + Ids.printable(String.valueOf(value))
              + "' is not a valid "
              + what
              + " (expected "
              + pattern.pattern()
              + ")");
    }
  }
}
