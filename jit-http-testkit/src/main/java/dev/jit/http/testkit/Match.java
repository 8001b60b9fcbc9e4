package dev.jit.http.testkit;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Request predicates for arming faults, routing and filtering recorded requests; combine them with
 * {@link Predicate#and} and {@link Predicate#or}.
 */
public final class Match {

  private Match() {}

  /** Every request. */
  public static Predicate<RecordedRequest> any() {
    return request -> true;
  }

  /** Requests with this HTTP method, whatever its case. */
  public static Predicate<RecordedRequest> method(String method) {
    Objects.requireNonNull(method, "method");
    return request -> request.method().equalsIgnoreCase(method);
  }

  /** Requests to exactly this decoded path. */
  public static Predicate<RecordedRequest> path(String path) {
    Objects.requireNonNull(path, "path");
    return request -> request.path().equals(path);
  }

  /** Requests whose decoded path starts with {@code prefix}. */
  public static Predicate<RecordedRequest> pathStartsWith(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return request -> request.path().startsWith(prefix);
  }

  /** Requests with this method to exactly this path. */
  public static Predicate<RecordedRequest> call(String method, String path) {
    return method(method).and(path(path));
  }

  /** Requests carrying a header (any case of the name) with this value among its values. */
  public static Predicate<RecordedRequest> header(String name, String value) {
    Objects.requireNonNull(value, "value");
    return request -> request.headerValues(name).contains(value);
  }
}
