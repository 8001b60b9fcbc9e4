package dev.jit.app.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The management server (the JDK's): {@code /healthz} and {@code /metrics}, nothing else, on its
 * own address, loopback by default ({@code JIT_MANAGEMENT_ADDRESS}, {@code JIT_MANAGEMENT_PORT}).
 * They answer without authentication, so they are never on the Slack port, which faces the
 * internet; the Slack endpoint is a server of its own ({@code SlackHttpServer}).
 */
public final class AppHttp implements AutoCloseable {
  /**
   * How long {@code /healthz} waits for the database, however long the pool would wait for a
   * connection: under the documented 2 s, leaving room to answer.
   */
  static final Duration HEALTH_DEADLINE = Duration.ofMillis(1500);

  private final HttpServer server;
  private final ExecutorService executor;

  AppHttp(InetSocketAddress address, Database database, PrometheusMeterRegistry registry)
      throws IOException {
    server = HttpServer.create(address, 64);
    executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "jit-management");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", ex -> health(ex, database));
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
  }

  void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address it listens on (the port bound when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void health(HttpExchange ex, Database database) throws IOException {
    Optional<String> problem = database.health(HEALTH_DEADLINE);
    if (problem.isEmpty()) {
      respond(
          ex,
          200,
          "application/json",
          "{\"status\":\"ok\",\"process\":\"ok\",\"database\":\"ok\"}");
    } else {
      respond(
          ex,
          503,
          "application/json",
          "{\"status\":\"unavailable\",\"process\":\"ok\",\"database\":\""
              + (problem.get().equals(Database.TIMEOUT)
                  ? "unreachable (timeout)"
                  : "unreachable: " + jsonText(problem.get()))
              + "\"}");
    }
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      if ("HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String jsonText(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Stops taking requests; those in flight get up to two seconds. */
  @Override
  public void close() {
    server.stop(2);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
