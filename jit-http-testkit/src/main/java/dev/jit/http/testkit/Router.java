package dev.jit.http.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A {@link Route} that hands each request to the first added route whose predicate matches, and
 * answers {@code 404} (or the {@link #otherwise} route) when none does. Build it before the server
 * starts; adding routes while requests arrive is not supported.
 *
 * <pre>{@code
 * Router router = new Router()
 *     .on("GET", "/api/v1/users/me", request -> FakeResponse.json(200, me))
 *     .onPrefix("POST", "/api/v1/groups/", groups::handle);
 * }</pre>
 */
public final class Router implements Route {

  private record Entry(Predicate<RecordedRequest> matching, Route route) {}

  private final List<Entry> entries = new ArrayList<>();
  private Route otherwise =
      request -> FakeResponse.text(404, "no route for " + request.method() + " " + request.path());

  /** Routes the requests that match. */
  public Router when(Predicate<RecordedRequest> matching, Route route) {
    entries.add(
        new Entry(Objects.requireNonNull(matching, "matching"), Objects.requireNonNull(route)));
    return this;
  }

  /** Routes requests with this method ({@code "*"} for any) to exactly this path. */
  public Router on(String method, String path, Route route) {
    return when(methodMatch(method).and(Match.path(path)), route);
  }

  /** Routes requests with this method ({@code "*"} for any) to paths starting with the prefix. */
  public Router onPrefix(String method, String prefix, Route route) {
    return when(methodMatch(method).and(Match.pathStartsWith(prefix)), route);
  }

  /** Answers the requests no route matched; by default {@code 404} with a plain-text reason. */
  public Router otherwise(Route route) {
    this.otherwise = Objects.requireNonNull(route, "route");
    return this;
  }

  @Override
  public FakeResponse respond(RecordedRequest request) throws Exception {
    for (Entry entry : entries) {
      if (entry.matching().test(request)) {
        return entry.route().respond(request);
      }
    }
    return otherwise.respond(request);
  }

  private static Predicate<RecordedRequest> methodMatch(String method) {
    return "*".equals(method) ? Match.any() : Match.method(method);
  }
}
