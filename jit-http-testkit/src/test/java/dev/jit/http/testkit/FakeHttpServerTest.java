package dev.jit.http.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeHttpServerTest {

  private final Router router =
      new Router()
          .on("GET", "/users/me", r -> FakeResponse.json(200, "{\"id\":\"u1\"}"))
          .on("POST", "/users/me", r -> FakeResponse.text(201, "created"))
          .onPrefix("*", "/groups/", r -> FakeResponse.text(200, "group " + r.path().substring(8)))
          .on(
              "GET",
              "/boom",
              r -> {
                throw new IllegalStateException("model bug");
              })
          .on("GET", "/empty", r -> FakeResponse.empty(204));
  private final FakeHttpServer server = FakeHttpServer.builder().name("test").start(router);
  private final Http http = new Http(server);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("listens on 127.0.0.1 at an ephemeral port")
  void address() {
    assertThat(server.baseUrl())
        .matches("http://127\\.0\\.0\\.1:\\d+")
        .endsWith(":" + server.port());
    assertThat(server.uri()).hasToString(server.baseUrl() + "/");
    assertThat(server.port()).isPositive();
  }

  @Nested
  class Routing {
    @Test
    @DisplayName("a router dispatches on method and exact path or prefix, in the order added")
    void dispatch() throws Exception {
      HttpResponse<String> me = http.get("/users/me");
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).isEqualTo("{\"id\":\"u1\"}");
      assertThat(me.headers().firstValue("Content-Type")).hasValue(FakeResponse.JSON);

      assertThat(http.post("/users/me", "text/plain", "x").statusCode()).isEqualTo(201);
      assertThat(http.post("/groups/g7", "text/plain", "").body()).isEqualTo("group g7");
      assertThat(http.get("/groups/g8").body()).isEqualTo("group g8");
    }

    @Test
    @DisplayName("an unrouted request is answered 404 with the reason, and recorded")
    void notFound() throws Exception {
      HttpResponse<String> response = http.get("/nowhere");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).isEqualTo("no route for GET /nowhere");
      assertThat(server.exchanges())
          .singleElement()
          .extracting(RecordedExchange::status)
          .isEqualTo(404);
    }

    @Test
    @DisplayName("a route that throws is answered 500 naming the exception")
    void routeFails() throws Exception {
      HttpResponse<String> response = http.get("/boom");

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).contains("model bug");
    }

    @Test
    @DisplayName("otherwise replaces the 404")
    void otherwise() throws Exception {
      try (FakeHttpServer other =
          FakeHttpServer.start(new Router().otherwise(r -> FakeResponse.xml(400, "<Error/>")))) {
        HttpResponse<String> response = new Http(other).get("/x");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("<Error/>");
        assertThat(response.headers().firstValue("content-type")).hasValue(FakeResponse.XML);
      }
    }
  }

  @Nested
  class Responses {
    @Test
    @DisplayName("json, text, xml and empty set status, content type, body and extra headers")
    void helpers() {
      FakeResponse json =
          FakeResponse.json(429, JsonNodeFactory.instance.objectNode().put("ok", false))
              .withHeader("Retry-After", "7");
      assertThat(json.bodyText()).isEqualTo("{\"ok\":false}");
      assertThat(json.header("retry-after")).hasValue("7");
      assertThat(json.header("CONTENT-TYPE")).hasValue(FakeResponse.JSON);
      assertThat(FakeResponse.text(200, "hi").header("Content-Type")).hasValue(FakeResponse.TEXT);
      assertThat(FakeResponse.xml(200, "<a/>").bodyText()).isEqualTo("<a/>");
      assertThat(FakeResponse.empty(503).hasBody()).isFalse();
      assertThat(FakeResponse.empty(503).headers()).isEmpty();
      assertThat(json.withHeader("retry-after", "9").headers())
          .hasSize(2)
          .containsEntry("Retry-After", "9");
      assertThatThrownBy(() -> FakeResponse.empty(99)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a response's headers and body reach the client; an empty one has no body")
    void sent() throws Exception {
      try (FakeHttpServer other =
          FakeHttpServer.start(
              r -> FakeResponse.json(503, "{\"e\":1}").withHeader("X-Request-Id", "r1"))) {
        HttpResponse<String> response = new Http(other).get("/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-request-id")).hasValue("r1");
        assertThat(response.body()).isEqualTo("{\"e\":1}");
      }
      HttpResponse<String> empty = http.get("/empty");
      assertThat(empty.statusCode()).isEqualTo(204);
      assertThat(empty.body()).isEmpty();
    }
  }

  @Nested
  class Recording {
    @Test
    @DisplayName("every request is recorded in order with the status it got; filters and counts")
    void recorded() throws Exception {
      http.get("/users/me");
      http.post("/users/me", "text/plain", "x");
      http.get("/nowhere");

      assertThat(server.exchanges())
          .extracting(
              e -> e.request().method() + " " + e.request().path(), RecordedExchange::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("GET /users/me", 200),
              org.assertj.core.groups.Tuple.tuple("POST /users/me", 201),
              org.assertj.core.groups.Tuple.tuple("GET /nowhere", 404));
      assertThat(server.exchanges()).allMatch(e -> e.outcome() == RecordedExchange.Outcome.ROUTED);
      assertThat(server.requests(Match.path("/users/me"))).hasSize(2);
      assertThat(server.count(Match.method("GET"))).isEqualTo(2);
      assertThat(server.lastRequest(Match.path("/users/me")).orElseThrow().method())
          .isEqualTo("POST");
      assertThat(server.lastRequest(Match.path("/none"))).isEmpty();
    }

    @Test
    @DisplayName("concurrent requests are each recorded exactly once")
    void concurrent() throws Exception {
      int n = 40;
      List<CompletableFuture<HttpResponse<String>>> calls =
          IntStream.range(0, n).mapToObj(i -> http.getAsync("/groups/g" + i)).toList();
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertThat(call.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }

      assertThat(server.requests())
          .extracting(RecordedRequest::path)
          .hasSize(n)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, n).mapToObj(i -> "/groups/g" + i).toList());
    }

    @Test
    @DisplayName("awaitRequest returns a request made from another thread")
    void await() {
      CompletableFuture<HttpResponse<String>> call = http.getAsync("/groups/late");

      RecordedRequest request =
          server.awaitRequest(Match.path("/groups/late"), Duration.ofSeconds(10));

      assertThat(request.method()).isEqualTo("GET");
      assertThat(call.join().statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("awaitRequest fails listing what arrived when nothing matches in time")
    void awaitTimesOut() throws Exception {
      http.get("/groups/other");

      assertThatThrownBy(() -> server.awaitRequest(Match.path("/never"), Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("GET /groups/other");
      assertThat(server.awaitExchange(e -> e.status() == 500, Duration.ofMillis(10))).isEmpty();
    }

    @Test
    @DisplayName("clearRequests forgets requests but keeps faults; reset forgets both")
    void resetAndClear() throws Exception {
      http.get("/users/me");
      server.faults().respondNext(Match.any(), 5, FakeResponse.empty(500));

      server.clearRequests();
      assertThat(server.requests()).isEmpty();
      assertThat(http.get("/users/me").statusCode()).isEqualTo(500);

      server.reset();
      assertThat(server.requests()).isEmpty();
      assertThat(server.faults().armed()).isEmpty();
      assertThat(http.get("/users/me").statusCode()).isEqualTo(200);
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Nested
  class Closing {
    @Test
    @DisplayName("close frees the port: nothing answers there, and it can be bound again")
    void freesPort() throws Exception {
      int port = server.port();
      http.get("/users/me");

      server.close();
      server.close(); // idempotent

      assertThatThrownBy(() -> new Http(server).get("/users/me")).isInstanceOf(IOException.class);
      try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(port);
      }
    }

    @Test
    @DisplayName(
        "close returns promptly, answering at once a request that waits out a long latency")
    void closesPromptly() throws Exception {
      server.faults().delay(Match.any(), Duration.ofMinutes(1));
      CompletableFuture<HttpResponse<String>> call = http.getAsync("/users/me");
      server.awaitRequest(Match.any(), Duration.ofSeconds(10));

      long start = System.nanoTime();
      server.close();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(call.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a closed server refuses connections")
    void refuses() {
      server.close();

      assertThatThrownBy(() -> http.get("/users/me")).isInstanceOf(ConnectException.class);
    }
  }
}
