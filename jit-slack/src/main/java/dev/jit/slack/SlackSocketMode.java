package dev.jit.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import java.io.IOException;
import java.util.Objects;

/**
 * Runs a Bolt {@link App} in Socket Mode: Slack delivers requests over a WebSocket the app opens,
 * so no public URL is needed (the natural choice behind a firewall). Uses the Java-WebSocket
 * backend ({@code org.java-websocket:Java-WebSocket}, a dependency of jit-slack). Needs an
 * app-level token ({@code xapp-…}) with the {@code connections:write} scope. Slack does not sign
 * Socket Mode payloads; the WebSocket, opened with the app token, is the authentication.
 *
 * <p>The connection URL comes from {@code apps.connections.open}, called through the app's own
 * {@code Slack} instance ({@code AppConfig.slack}), so a {@code SlackConfig} whose methods endpoint
 * points at a fake Slack points Socket Mode there too. Slack's {@code disconnect} messages are
 * followed by a new connection.
 *
 * <p>The returned {@link SocketModeApp} is Bolt's, with two repairs: a failed {@code
 * apps.connections.open} (HTTP 429 or 5xx, Slack unreachable) is an {@link IOException} instead of
 * Bolt's {@code NullPointerException}, and {@link SocketModeApp#close()} also closes the SDK's
 * Socket Mode client, whose message-processor and session-monitor threads Bolt leaves running.
 *
 * <pre>{@code
 * SocketModeApp socket = SlackSocketMode.start(System.getenv("SLACK_APP_TOKEN"), app);
 * ...
 * socket.close();
 * }</pre>
 */
public final class SlackSocketMode {
  private SlackSocketMode() {}

  /** A Socket Mode runner for {@code app}, not yet connected. */
  public static SocketModeApp create(String appToken, App app) throws IOException {
    Objects.requireNonNull(appToken, "appToken");
    Objects.requireNonNull(app, "app");
    if (!appToken.startsWith("xapp-")) {
      throw new IllegalArgumentException("Socket Mode needs an app-level token (xapp-…)");
    }
    return new Repaired(appToken, app);
  }

  /**
   * Connects and returns once the connection is being opened; {@link SocketModeApp#close()}
   * disconnects for good.
   *
   * @throws IOException when Slack hands out no connection URL (HTTP error, unreachable)
   * @throws IllegalStateException when Slack refuses the token, e.g. {@code invalid_auth}
   */
  public static SocketModeApp start(String appToken, App app) throws Exception {
    SocketModeApp socket = create(appToken, app);
    socket.startAsync();
    return socket;
  }

  /** Bolt's {@link SocketModeApp} with a clear start failure and a complete {@link #close()}. */
  private static final class Repaired extends SocketModeApp {
    Repaired(String appToken, App app) throws IOException {
      super(appToken, app, SocketModeClient.Backend.JavaWebSocket);
    }

    @Override
    public void run(boolean blockCurrentThread) throws Exception {
      try {
        super.run(blockCurrentThread);
      } catch (NullPointerException e) {
        if (getClient() != null) {
          throw e;
        }
        // Bolt's client factory logs the IOException of apps.connections.open and returns null.
        throw new IOException(
            "Socket Mode: apps.connections.open failed (HTTP error or Slack unreachable; Bolt's"
                + " SocketModeApp logged Slack's answer)",
            e);
      }
    }

    @Override
    public void close() throws Exception {
      SocketModeClient client = getClient();
      try {
        super.close();
      } finally {
        if (client != null) {
          client.close();
        }
      }
    }
  }
}
