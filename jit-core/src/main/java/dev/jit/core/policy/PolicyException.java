package dev.jit.core.policy;

import dev.jit.spi.JitException;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy catalog could not be loaded. The message names the source (usually the file), the
 * resource when the problem is inside one, and the field, for example {@code policy.yaml: resource
 * 'prod-payments-db', field 'roles.break-glass.steps[1].backend': 'Postgres Role' is not a valid
 * backend type (expected [a-z][a-z0-9-]{0,31})}.
 */
public class PolicyException extends JitException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String resource;
  private final String field;

  /**
   * @param source name of the policy source, usually the file
   * @param resource the resource the problem is in, or {@code null} when outside any resource
   * @param field path of the offending field relative to the resource (or to the document root when
   *     {@code resource} is null); empty when the problem concerns the whole document
   * @param problem what is wrong
   */
  public PolicyException(String source, String resource, String field, String problem) {
    this(source, resource, field, problem, null);
  }

  public PolicyException(
      String source, String resource, String field, String problem, Throwable cause) {
    super(message(source, resource, field, problem), cause);
    this.source = Objects.requireNonNull(source, "source");
    this.resource = resource;
    this.field = Objects.requireNonNull(field, "field");
  }

  private static String message(String source, String resource, String field, String problem) {
    StringBuilder out = new StringBuilder(source).append(": ");
    if (resource != null) {
      out.append("resource '").append(resource).append(field.isEmpty() ? "': " : "', ");
    }
    if (!field.isEmpty()) {
      out.append("field '").append(field).append("': ");
    }
    return out.append(problem).toString();
  }

  /** Name of the policy source, usually the file path. */
  public String source() {
    return source;
  }

  /** The resource the problem is in, if it is inside one. */
  public Optional<String> resource() {
    return Optional.ofNullable(resource);
  }

  /**
   * Path of the offending field, for example {@code roles.break-glass.steps[1].backend}; relative
   * to the resource when {@link #resource()} is present. Empty when the whole document is at fault.
   */
  public String field() {
    return field;
  }
}
