/**
 * The shared base of fakes for HTTP-speaking backends: one server, request decoding, recording and
 * fault injection, so a fake of AWS, Okta or Slack is only its model of the service.
 *
 * <pre>{@code
 * Router okta = new Router()
 *     .on("GET", "/api/v1/users/me", r -> FakeResponse.json(200, "{\"id\":\"00u1\"}"))
 *     .onPrefix("POST", "/api/v1/groups/", r -> FakeResponse.empty(204));
 * try (FakeHttpServer server = FakeHttpServer.start(okta)) {
 *   server.faults().respondNext(Match.path("/api/v1/users/me"), 1,
 *       FakeResponse.json(429, "{\"errorCode\":\"E0000047\"}").withHeader("Retry-After", "1"));
 *   // ... point the client under test at server.baseUrl() and call it ...
 *   assertThat(server.count(Match.method("POST"))).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>{@link dev.jit.http.testkit.FakeHttpServer} is the server; {@link dev.jit.http.testkit.Route}
 * and {@link dev.jit.http.testkit.Router} the fake's answers; {@link dev.jit.http.testkit.Faults}
 * what the test arms; {@link dev.jit.http.testkit.RecordedRequest} and {@link
 * dev.jit.http.testkit.RecordedExchange} what the test asserts.
 */
package dev.jit.http.testkit;
