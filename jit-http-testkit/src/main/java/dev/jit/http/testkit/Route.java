package dev.jit.http.testkit;

/**
 * What a fake answers to a request that no fault took over: the fake's model of the real service.
 * {@link FakeHttpServer} calls it on its own threads, concurrently, so an implementation guards its
 * state. See {@link Router} to dispatch on method and path.
 */
@FunctionalInterface
public interface Route {

  /**
   * The answer to the request. An exception becomes a {@code 500} with the exception's text, so a
   * bug in a fake shows in the client's error instead of a hung call.
   */
  FakeResponse respond(RecordedRequest request) throws Exception;
}
