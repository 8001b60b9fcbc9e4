package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.slack.SlackHttpServer;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The built jar as the ITs run it: the command line, free ports, /healthz on the management port,
 * the request-and-approve flow over signed HTTP, audit verify.
 */
final class Jar {
  private Jar() {}

  /** The two ports {@code serve} listens on: Slack's Request URL and the management endpoints. */
  record Ports(int slack, int management) {
    static Ports free() throws IOException {
      return new Ports(freePort(), freePort());
    }

    /**
     * The variables that put {@code serve} on these ports (management on loopback, the default).
     */
    Map<String, String> env() {
      return Map.of(
          "JIT_HTTP_PORT", Integer.toString(slack),
          "JIT_MANAGEMENT_PORT", Integer.toString(management));
    }

    URI requestUrl() {
      return URI.create("http://127.0.0.1:" + slack + SlackHttpServer.DEFAULT_PATH);
    }

    URI management(String path) {
      return URI.create("http://127.0.0.1:" + management + path);
    }

    /** A client signing with {@code secret} as Slack does, to the Request URL. */
    SlackClient client(String secret, FakeSlack slack) {
      return new SlackClient(requestUrl(), secret, Clock.systemUTC(), slack);
    }
  }

  /** The java of this test run. */
  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The jar failsafe was given ({@code jit.jar}). */
  static String jar() {
    return System.getProperty("jit.jar", "target/jit.jar");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until {@code /healthz} on the management port answers 200. */
  static void awaitHealthy(Ports ports, Duration atMost) {
    awaitHealthy(ports.management(), atMost);
  }

  /**
   * Waits until {@code /healthz} answers 200 and then the Slack port takes connections (HTTP mode:
   * Slack is attached once the engine has started and recovered, after the management port).
   */
  static void awaitServing(Ports ports, Duration atMost) {
    awaitHealthy(ports, atMost);
    await()
        .atMost(atMost)
        .ignoreExceptions()
        .until(
            () -> {
              new Socket("127.0.0.1", ports.slack()).close();
              return true;
            });
  }

  /** Waits until {@code /healthz} on {@code port} answers 200. */
  static void awaitHealthy(int port, Duration atMost) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(atMost)
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/healthz"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }

  /**
   * Submits the request modal as {@code requester} for {@code role} of {@code resource} for {@code
   * duration} (an ISO duration such as {@code PT30S}), and asserts Slack's request was taken.
   */
  static void submit(
      SlackClient client,
      String requester,
      String resource,
      String role,
      String duration,
      String justification) {
    SlackClient.Response submitted =
        client.viewSubmission(
            requester,
            SlackIds.REQUEST_MODAL,
            "",
            Map.of(
                SlackIds.RESOURCE_BLOCK,
                Map.of(SlackIds.RESOURCE_SELECT, SlackClient.staticSelect(resource)),
                SlackIds.ROLE_BLOCK,
                Map.of(SlackIds.ROLE_SELECT, SlackClient.staticSelect(role)),
                SlackIds.DURATION_BLOCK,
                Map.of(SlackIds.DURATION_SELECT, SlackClient.staticSelect(duration)),
                SlackIds.JUSTIFICATION_BLOCK,
                Map.of(SlackIds.JUSTIFICATION_INPUT, SlackClient.plainTextInput(justification))));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
  }

  /** Clicks Approve on {@code message} as {@code owner}, and asserts Slack's request was taken. */
  static void approve(SlackClient client, String owner, FakeSlack.Message message) {
    SlackClient.Response click =
        client.blockAction(
            owner,
            SlackIds.APPROVE,
            SlackIds.DECISION_ACTIONS_BLOCK,
            message.buttonValue(SlackIds.APPROVE).orElseThrow(),
            Optional.of(new SlackClient.MessageContainer(message.channel(), message.ts())),
            Optional.empty());
    assertThat(click.status()).as(click.body()).isEqualTo(200);
  }

  /** The approval message {@code owner} was sent as a direct message, once it arrives. */
  static FakeSlack.Message approvalDm(FakeSlack slack, String owner, Duration atMost) {
    String channel = slack.dmChannel(owner);
    slack.awaitCall("chat.postMessage", c -> channel.equals(c.param("channel").orElse("")), atMost);
    return slack.messages(channel).get(0);
  }

  /** Runs {@code jit audit verify} with {@code env} added and asserts the chain is intact. */
  static void assertAuditVerifies(Path dataDir, Map<String, String> env) throws Exception {
    assertThat(run(env, "audit", "verify", "--data-dir", dataDir.toString()))
        .contains("audit chain intact");
  }

  /**
   * Runs the jar with {@code args} and {@code env} added, asserts exit 0 and returns its output.
   */
  static String run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
