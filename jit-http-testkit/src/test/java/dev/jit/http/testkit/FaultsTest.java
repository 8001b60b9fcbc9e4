package dev.jit.http.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static final Predicate<RecordedRequest> USERS = Match.path("/users");

  private final FakeHttpServer server = FakeHttpServer.start(r -> FakeResponse.text(200, "ok"));
  private final Faults faults = server.faults();
  private final Http http = new Http(server);

  @AfterEach
  void stop() {
    server.close();
  }

  private List<Integer> statuses(String path, int calls) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      statuses.add(http.get(path).statusCode());
    }
    return statuses;
  }

  /**
   * A POST: java.net.http retries an idempotent request (a GET) once on a dropped connection, which
   * would hide the drop from the caller.
   */
  private HttpResponse<String> post(String path) throws Exception {
    return http.post(path, "text/plain", "x");
  }

  @Test
  @DisplayName("respondNext answers the next K matching calls with the status, body and headers")
  void respondNext() throws Exception {
    Fault fault =
        faults.respondNext(
            USERS,
            2,
            FakeResponse.json(429, "{\"errorCode\":\"E0000047\"}").withHeader("Retry-After", "3"));

    HttpResponse<String> first = http.get("/users");
    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(first.body()).isEqualTo("{\"errorCode\":\"E0000047\"}");
    assertThat(http.get("/other").statusCode()).isEqualTo(200);
    assertThat(statuses("/users", 3)).containsExactly(429, 200, 200);

    assertThat(server.exchanges())
        .extracting(RecordedExchange::status)
        .containsExactly(429, 200, 429, 200, 200);
    assertThat(server.exchanges())
        .extracting(RecordedExchange::outcome)
        .startsWith(RecordedExchange.Outcome.INJECTED, RecordedExchange.Outcome.ROUTED);
    assertThat(fault.fired()).isEqualTo(2);
    assertThat(fault.active()).isFalse();
    assertThat(faults.armed()).isEmpty();
  }

  @Test
  @DisplayName("respondOnNth fails only the N-th matching call")
  void respondOnNth() throws Exception {
    faults.respondOnNth(USERS, 3, FakeResponse.json(500, "{\"error\":\"boom\"}"));

    assertThat(http.get("/other").statusCode()).isEqualTo(200);
    assertThat(statuses("/users", 5)).containsExactly(200, 200, 500, 200, 200);
    assertThat(server.exchanges().get(3).response().orElseThrow().bodyText())
        .isEqualTo("{\"error\":\"boom\"}");
  }

  @Test
  @DisplayName("dropNext closes the connection without an answer: the client gets an IOException")
  void dropNext() throws Exception {
    assertThat(post("/users").statusCode()).isEqualTo(200); // a pooled connection to reuse
    faults.dropNext(USERS, 2);

    assertThatThrownBy(() -> post("/users")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> post("/users")).isInstanceOf(IOException.class);
    assertThat(post("/users").statusCode()).isEqualTo(200);

    assertThat(server.exchanges())
        .extracting(RecordedExchange::outcome)
        .containsExactly(
            RecordedExchange.Outcome.ROUTED,
            RecordedExchange.Outcome.DROPPED,
            RecordedExchange.Outcome.DROPPED,
            RecordedExchange.Outcome.ROUTED);
    assertThat(server.exchanges().get(1).status()).isEqualTo(RecordedExchange.NO_STATUS);
    assertThat(server.exchanges().get(1).response()).isEmpty();
  }

  @Test
  @DisplayName("dropOnNth drops only the N-th matching call")
  void dropOnNth() throws Exception {
    faults.dropOnNth(Match.any(), 2);

    assertThat(post("/a").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> post("/b")).isInstanceOf(IOException.class);
    assertThat(post("/c").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("delay holds matching answers back at least the latency; other calls are not held")
  void delay() throws Exception {
    Duration latency = Duration.ofMillis(400);
    Fault fault = faults.delay(USERS, latency);

    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      assertThat(http.get("/users").statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(latency);
    }
    assertThat(fault.fired()).isEqualTo(2);
    assertThat(fault.active()).isTrue();

    faults.delay(USERS, Duration.ofMinutes(1));
    CompletableFuture<HttpResponse<String>> held = http.getAsync("/users?held");
    server.awaitRequest(r -> r.rawQuery().equals("held"), Duration.ofSeconds(10));
    assertThat(http.get("/other").statusCode()).isEqualTo(200);
    assertThat(held).isNotDone();
  }

  @Test
  @DisplayName("delays add up, delayNext ends after K calls, and a delayed call can be dropped")
  void delaysCombine() throws Exception {
    faults.delay(Match.any(), Duration.ofMillis(200));
    faults.delayNext(USERS, 1, Duration.ofMillis(300));
    faults.dropNext(USERS, 1);

    long start = System.nanoTime();
    assertThatThrownBy(() -> post("/users")).isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(faults.armed()).hasSize(1).first().hasToString("delay PT0.2S");
  }

  @Test
  @DisplayName(
      "answer faults are consulted oldest first; a later one does not see a call an earlier one took")
  void order() throws Exception {
    faults.respondNext(Match.any(), 1, FakeResponse.empty(500));
    Fault third = faults.respondOnNth(Match.any(), 2, FakeResponse.empty(503));
    faults.respondNext(Match.any(), 1, FakeResponse.empty(502));

    // 1st: the 500 takes it; the N-th fault does not see it.
    // 2nd: the N-th counts its first; the 502 takes it. 3rd: the N-th's second. 4th: routed.
    assertThat(statuses("/x", 4)).containsExactly(500, 502, 503, 200);
    assertThat(third.seen()).isEqualTo(2);
  }

  @Test
  @DisplayName("a cancelled fault no longer acts; clear disarms all; times must not be negative")
  void cancel() throws Exception {
    Fault fault = faults.respondNext(USERS, 5, FakeResponse.empty(500));
    assertThat(http.get("/users").statusCode()).isEqualTo(500);

    fault.cancel();
    assertThat(http.get("/users").statusCode()).isEqualTo(200);
    assertThat(fault.seen()).isEqualTo(1);

    faults.dropNext(USERS, 1);
    faults.delay(USERS, Duration.ofMinutes(1));
    faults.clear();
    assertThat(faults.armed()).isEmpty();
    assertThat(http.get("/users").statusCode()).isEqualTo(200);

    assertThat(faults.respondNext(USERS, 0, FakeResponse.empty(500)).active()).isFalse();
    assertThatThrownBy(() -> faults.dropNext(USERS, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times must not be negative");
    assertThatThrownBy(() -> faults.dropOnNth(USERS, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.delay(USERS, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("K injected answers under concurrent calls: exactly K calls get them")
  void concurrentConsumption() throws Exception {
    faults.respondNext(Match.any(), 7, FakeResponse.empty(503));

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(http.getAsync("/c" + i));
    }
    int unavailable = 0;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      unavailable += call.get(20, TimeUnit.SECONDS).statusCode() == 503 ? 1 : 0;
    }

    assertThat(unavailable).isEqualTo(7);
    assertThat(server.exchanges()).filteredOn(RecordedExchange::faulted).hasSize(7);
  }
}
