package dev.jit.core.policy;

import java.util.Objects;

/**
 * A value that breaks a rule, and where it is: the path of the field relative to the record or
 * document being built, for example {@code durations[1]} or {@code target.role} ({@code ""} for the
 * record as a whole). Records of the policy and of the reference app's settings throw it from their
 * compact constructors, so each rule is written once and the loaders only add the path to the
 * record (and the file and line) in front.
 */
public class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public InvalidFieldException(String field, String problem) {
    super(field.isEmpty() ? problem : "field '" + field + "': " + problem);
    this.field = field;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The path of the field, relative to what was being built; empty for the whole of it. */
  public String field() {
    return field;
  }

  /** What is wrong, without the path. */
  public String problem() {
    return problem;
  }

  /**
   * {@code field} under {@code parent}: {@code under("roles.read", "steps")} is {@code
   * roles.read.steps}, and an index joins without a dot ({@code durations[1]}).
   */
  public static String under(String parent, String field) {
    if (parent.isEmpty()) {
      return field;
    }
    if (field.isEmpty()) {
      return parent;
    }
    return field.startsWith("[") ? parent + field : parent + "." + field;
  }
}
