package dev.jit.http.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Requests sent by java.net.http, decoded as the server recorded them. */
class RecordedRequestTest {

  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

  private final FakeHttpServer server =
      FakeHttpServer.builder()
          .clock(Clock.fixed(NOW, ZoneOffset.UTC))
          .start(r -> FakeResponse.empty(200));
  private final Http http = new Http(server);

  @AfterEach
  void stop() {
    server.close();
  }

  private RecordedRequest last() {
    return server.lastRequest(Match.any()).orElseThrow();
  }

  @Test
  @DisplayName("method, decoded path, raw and decoded query with repeated keys, time received")
  void query() throws Exception {
    http.get("/a%20b/c?x=1&tag=a&tag=b%26c&flag&empty=&sp=one+two");

    RecordedRequest request = last();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/a b/c");
    assertThat(request.rawQuery()).isEqualTo("x=1&tag=a&tag=b%26c&flag&empty=&sp=one+two");
    assertThat(request.query())
        .containsExactly(
            Map.entry("x", List.of("1")),
            Map.entry("tag", List.of("a", "b&c")),
            Map.entry("flag", List.of("")),
            Map.entry("empty", List.of("")),
            Map.entry("sp", List.of("one two")));
    assertThat(request.queryParam("tag")).hasValue("a");
    assertThat(request.queryParam("none")).isEmpty();
    assertThat(request.receivedAt()).isEqualTo(NOW);
    assertThat(request.body()).isEmpty();
  }

  @Test
  @DisplayName("without a query, rawQuery is empty and query has no parameters")
  void noQuery() throws Exception {
    http.get("/plain");

    assertThat(last().rawQuery()).isEmpty();
    assertThat(last().query()).isEmpty();
    assertThat(last()).hasToString("GET /plain");
  }

  @Test
  @DisplayName("headers are looked up whatever the case of the name, with every value")
  void headers() throws Exception {
    http.send(
        Http.request(server.baseUrl() + "/h")
            .header("X-Amz-Target", "IAM.AttachRolePolicy")
            .header("x-multi", "one")
            .header("X-Multi", "two")
            .header("Authorization", "SSWS token-1"));

    RecordedRequest request = last();
    assertThat(request.header("x-amz-target")).hasValue("IAM.AttachRolePolicy");
    assertThat(request.header("AUTHORIZATION")).hasValue("SSWS token-1");
    assertThat(request.headerValues("X-MULTI")).containsExactly("one", "two");
    assertThat(request.headers().get("x-multi")).containsExactly("one", "two");
    assertThat(request.header("X-Absent")).isEmpty();
    assertThat(request.headerValues("X-Absent")).isEmpty();
    assertThat(Match.header("x-amz-target", "IAM.AttachRolePolicy").test(request)).isTrue();
    assertThat(Match.header("x-amz-target", "IAM.Other").test(request)).isFalse();
  }

  @Test
  @DisplayName("a form body is decoded with repeated keys and escapes")
  void form() throws Exception {
    http.post(
        "/form",
        "application/x-www-form-urlencoded",
        "Action=AddUserToGroup&Member.1=alice&Member.1=bob&note=a%3Db+c&utf=%C3%A9");

    RecordedRequest request = last();
    assertThat(request.contentType()).hasValue("application/x-www-form-urlencoded");
    assertThat(request.form())
        .containsExactly(
            Map.entry("Action", List.of("AddUserToGroup")),
            Map.entry("Member.1", List.of("alice", "bob")),
            Map.entry("note", List.of("a=b c")),
            Map.entry("utf", List.of("é")));
    assertThat(request.formParam("Member.1")).hasValue("alice");
    assertThat(request.formParam("none")).isEmpty();
  }

  @Test
  @DisplayName("a JSON body is parsed; the bytes and text are as sent")
  void json() throws Exception {
    String body = "{\"profile\":{\"login\":\"ünï@example.com\"},\"groupIds\":[\"g1\",\"g2\"]}";
    http.post("/api/v1/users", "application/json", body);

    RecordedRequest request = last();
    assertThat(request.json().at("/profile/login").asText()).isEqualTo("ünï@example.com");
    assertThat(request.json().get("groupIds")).hasSize(2);
    assertThat(request.bodyText()).isEqualTo(body);
    assertThat(request.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a body that is not JSON says so when read as JSON; an empty one is missing")
  void notJson() throws Exception {
    http.post("/x", "application/json", "{not json");
    assertThatThrownBy(() -> last().json())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not JSON");

    http.send(Http.request(server.baseUrl() + "/y").DELETE());
    assertThat(last().method()).isEqualTo("DELETE");
    assertThat(last().json().isMissingNode()).isTrue();
  }

  @Test
  @DisplayName("a recorded request cannot be changed through its body or maps")
  void immutable() throws Exception {
    http.send(
        Http.request(server.baseUrl() + "/z?q=1")
            .header("Content-Type", "text/plain")
            .PUT(HttpRequest.BodyPublishers.ofString("abc")));

    RecordedRequest request = last();
    request.body()[0] = 'X';
    assertThat(request.bodyText()).isEqualTo("abc");
    assertThatThrownBy(() -> request.query().put("q", List.of("2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> request.headers().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(request)
        .isEqualTo(server.requests().get(0))
        .hasSameHashCodeAs(server.requests().get(0));
  }

  @Test
  @DisplayName("decodeForm skips empty pairs and keeps the order of first appearance")
  void decodeForm() {
    assertThat(RecordedRequest.decodeForm("")).isEmpty();
    assertThat(RecordedRequest.decodeForm("b=1&&a=2&b=3"))
        .containsExactly(Map.entry("b", List.of("1", "3")), Map.entry("a", List.of("2")));
  }
}
