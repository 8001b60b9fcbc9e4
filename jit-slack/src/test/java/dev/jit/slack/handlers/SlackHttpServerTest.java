package dev.jit.slack.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.http.testkit.SlowClients;
import dev.jit.slack.SlackHttpServer;
import dev.jit.slack.SlackMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the Slack port answers before the app sees anything: 405, 404, 413, 408, 401. */
class SlackHttpServerTest {
  private final SlackWorld world = new SlackWorld();
  private final SlackHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> rejected = new CopyOnWriteArrayList<>();

  SlackHttpServerTest() throws Exception {
    server =
        SlackHttpServer.builder(world.app, SlackWorld.SECRET)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .clock(world.clock)
            .bodyTimeout(Duration.ofSeconds(1))
            .metrics(
                new SlackMetrics() {
                  @Override
                  public void rejected(String reason) {
                    rejected.add(reason);
                  }
                })
            .start();
  }

  @AfterEach
  void close() {
    server.close();
    world.close();
  }

  @Test
  @DisplayName("anything but POST is 405, allowing POST")
  void postOnly() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(server.url()).GET());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(rejected).containsExactly("method");
  }

  @Test
  @DisplayName("the Slack port serves no management endpoint: /healthz and /metrics are 404")
  void nothingElse() throws Exception {
    for (String path : new String[] {"/healthz", "/metrics", "/"}) {
      URI other = server.url().resolve(path);
      assertThat(send(HttpRequest.newBuilder(other).GET()).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("a declared body over the limit is 413 without being read")
  void declaredTooLarge() throws Exception {
    // SlowClients announces 100,000 bytes; a server limited to less answers at once
    try (SlackHttpServer small =
            SlackHttpServer.builder(world.app, SlackWorld.SECRET)
                .address(new InetSocketAddress("127.0.0.1", 0))
                .maxBodyBytes(1000)
                .start();
        SlowClients one =
            SlowClients.start(small.url(), 1, Duration.ofMillis(50), Duration.ofSeconds(20))) {
      assertThat(one.awaitEnd(Duration.ofSeconds(10))).isTrue();
      assertThat(one.endings().get(0).flatMap(SlowClients.Ending::statusLine))
          .hasValueSatisfying(line -> assertThat(line).contains(" 413"));
    }
  }

  @Test
  @DisplayName("a body still trickling in after the body timeout is answered 408 and cut off")
  void slowBody() throws Exception {
    try (SlowClients slow =
        SlowClients.start(server.url(), 3, Duration.ofMillis(100), Duration.ofSeconds(30))) {
      assertThat(slow.awaitEnd(Duration.ofSeconds(10))).isTrue();
      assertThat(slow.endings())
          .allSatisfy(
              e ->
                  assertThat(e.flatMap(SlowClients.Ending::statusLine))
                      .hasValueSatisfying(line -> assertThat(line).contains(" 408")));
      assertThat(rejected).containsExactly("too_slow", "too_slow", "too_slow");
    }
  }

  @Test
  @DisplayName("an unsigned POST is 401")
  void unsigned() throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(server.url())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("command=%2Fjit")));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(rejected).containsExactly("signature");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
