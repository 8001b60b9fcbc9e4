package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built jar as the ITs run it: the command line, a free port, /healthz, audit verify. */
final class Jar {
  private Jar() {}

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
