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
 * <pre>{@code
 * SocketModeApp socket = SlackSocketMode.start(System.getenv("SLACK_APP_TOKEN"), app);
 * ...
 * socket.stop();
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
    return new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket);
  }

  /** Connects and returns at once; {@link SocketModeApp#stop()} disconnects. */
  public static SocketModeApp start(String appToken, App app) throws Exception {
    SocketModeApp socket = create(appToken, app);
    socket.startAsync();
    return socket;
  }
}
