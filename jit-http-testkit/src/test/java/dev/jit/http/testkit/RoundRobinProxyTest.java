package dev.jit.http.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoundRobinProxyTest {
  private final List<FakeHttpServer> servers = new ArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();

  private FakeHttpServer server(String name) {
    FakeHttpServer s =
        FakeHttpServer.builder()
            .name(name)
            .start(
                new Router()
                    .onPrefix("*", "/", r -> FakeResponse.text(200, name + ":" + r.bodyText())));
    servers.add(s);
    return s;
  }

  @AfterEach
  void stop() {
    servers.forEach(FakeHttpServer::close);
  }

  private String post(RoundRobinProxy proxy, String body) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/x"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  @DisplayName("requests from one client alternate between the backends, bodies intact")
  void alternates() throws Exception {
    FakeHttpServer a = server("a");
    FakeHttpServer b = server("b");
    try (RoundRobinProxy proxy = RoundRobinProxy.onLocalPorts(List.of(a.port(), b.port()))) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(post(proxy, "n=" + i));
      }

      assertThat(answers).containsExactly("200 a:n=0", "200 b:n=1", "200 a:n=2", "200 b:n=3");
      assertThat(proxy.servedBy()).containsExactly(0, 1, 0, 1);
    }
  }

  @Test
  @DisplayName("a backend that is down is skipped; with none left the proxy answers 502")
  void skipsDeadBackend() throws Exception {
    FakeHttpServer a = server("a");
    FakeHttpServer b = server("b");
    try (RoundRobinProxy proxy = RoundRobinProxy.onLocalPorts(List.of(a.port(), b.port()))) {
      b.close();

      assertThat(post(proxy, "1")).isEqualTo("200 a:1");
      assertThat(post(proxy, "2")).isEqualTo("200 a:2");
      a.close();
      assertThat(post(proxy, "3")).startsWith("502");
    }
  }

  @Test
  @DisplayName(
      "hop-by-hop headers such as the JDK client's Upgrade: h2c stop at the proxy; others pass")
  void hopByHopStops() throws Exception {
    FakeHttpServer a =
        FakeHttpServer.builder()
            .name("a")
            .start(
                new Router()
                    .onPrefix(
                        "*",
                        "/",
                        r ->
                            FakeResponse.text(
                                200,
                                r.header("Upgrade").orElse("-")
                                    + " "
                                    + r.header("HTTP2-Settings").orElse("-")
                                    + " "
                                    + r.header("X-Slack-Signature").orElse("-"))));
    servers.add(a);
    try (RoundRobinProxy proxy = RoundRobinProxy.onLocalPorts(List.of(a.port()))) {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/x"))
                      .header("X-Slack-Signature", "v0=ab")
                      .POST(HttpRequest.BodyPublishers.ofString("b"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(r.body()).isEqualTo("- - v0=ab");
    }
  }
}
