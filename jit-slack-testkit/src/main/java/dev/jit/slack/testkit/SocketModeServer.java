package dev.jit.slack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket Mode side of {@link FakeSlack}: a WebSocket server on {@code 127.0.0.1} that speaks
 * Slack's Socket Mode protocol, so a real Socket Mode client (Bolt's {@code SocketModeApp}) can
 * connect to it.
 *
 * <p>The app calls {@code apps.connections.open} on the fake with the app-level token ({@link
 * FakeSlack#DEFAULT_APP_TOKEN}) and gets {@code ws://127.0.0.1:<port>/link/?ticket=…&app_id=…};
 * each ticket opens one connection (an unknown or used ticket fails the handshake). On connect the
 * fake sends {@code {"type":"hello","num_connections":n,"debug_info":{…},"connection_info":
 * {"app_id":…}}}. {@link #deliver} sends an envelope {@code {"envelope_id","type","payload",
 * "accepts_response_payload","retry_attempt","retry_reason"}} and waits for the app's ack {@code
 * {"envelope_id":…,"payload":{…}}}; {@link #disconnect} sends {@code {"type":"disconnect",
 * "reason":…}}, after which Slack delivers nothing more on that connection and the client is
 * expected to open a new one.
 *
 * <p>The WebSocket server starts on the first {@code apps.connections.open}, so tests that never
 * use Socket Mode pay nothing for it. Thread-safe.
 */
public final class SocketModeServer {

  /** Envelope type of a slash command; its payload is the command's form fields as JSON. */
  public static final String SLASH_COMMANDS = "slash_commands";

  /** Envelope type of {@code block_actions}, {@code view_submission}, {@code shortcut} … */
  public static final String INTERACTIVE = "interactive";

  /** Envelope type of an Events API {@code event_callback}. */
  public static final String EVENTS_API = "events_api";

  /** The {@code disconnect} reason Slack sends before it refreshes a connection. */
  public static final String REFRESH_REQUESTED = "refresh_requested";

  private static final Logger LOG = LoggerFactory.getLogger(SocketModeServer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Object lock = new Object();
  private final Set<String> tickets = new HashSet<>();
  private final Set<WebSocket> open = new HashSet<>();

  /** Open connections Slack may deliver on (not told to disconnect), oldest first. */
  private final List<WebSocket> live = new ArrayList<>();

  private final Map<String, CompletableFuture<JsonNode>> acks = new ConcurrentHashMap<>();
  private Server server;
  private boolean closed;

  SocketModeServer() {}

  /**
   * Sends an envelope to the app on its newest connection (waiting for one to open, as it may still
   * be connecting) and waits for the ack. {@code accepts_response_payload} is set as Slack sets it:
   * true for slash commands, view submissions and block suggestions.
   *
   * @param type {@link #SLASH_COMMANDS}, {@link #INTERACTIVE} or {@link #EVENTS_API}
   * @param retryAttempt {@code retry_attempt}: 0 for a first delivery
   * @param retryReason {@code retry_reason}: empty for a first delivery, e.g. {@code timeout}
   * @return the whole ack, {@code {"envelope_id":…}} plus {@code "payload"} when the app sent one
   * @throws AssertionError when no connection opens or no ack comes within {@code timeout}
   */
  public JsonNode deliver(
      String type, JsonNode payload, int retryAttempt, String retryReason, Duration timeout) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(retryReason, "retryReason");
    long deadline = System.nanoTime() + timeout.toNanos();
    String envelopeId = UUID.randomUUID().toString();
    ObjectNode envelope = MAPPER.createObjectNode().put("envelope_id", envelopeId);
    envelope.put("type", type);
    envelope.set("payload", payload.deepCopy());
    envelope.put("accepts_response_payload", acceptsResponsePayload(type, payload));
    envelope.put("retry_attempt", retryAttempt).put("retry_reason", retryReason);
    CompletableFuture<JsonNode> ack = new CompletableFuture<>();
    acks.put(envelopeId, ack);
    try {
      send(envelope.toString(), type, deadline, timeout);
      return ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the app did not ack the " + type + " envelope within " + timeout);
    } catch (ExecutionException e) {
      throw new AssertionError("no ack for the " + type + " envelope", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for an ack", e);
    } finally {
      acks.remove(envelopeId);
    }
  }

  /** {@link #deliver} as a first delivery: {@code retry_attempt} 0, empty {@code retry_reason}. */
  public JsonNode deliver(String type, JsonNode payload, Duration timeout) {
    return deliver(type, payload, 0, "", timeout);
  }

  /**
   * Sends {@code {"type":"disconnect","reason":reason,"debug_info":{…}}} on every connection that
   * may still receive envelopes ({@link #REFRESH_REQUESTED}, {@code warning}, {@code
   * link_disabled}); later envelopes go only to connections opened afterwards. The client closes
   * the old connection when it likes, as with Slack.
   *
   * @return how many connections were told
   */
  public int disconnect(String reason) {
    Objects.requireNonNull(reason, "reason");
    List<WebSocket> told;
    synchronized (lock) {
      told = List.copyOf(live);
      live.clear();
    }
    ObjectNode message = MAPPER.createObjectNode().put("type", "disconnect").put("reason", reason);
    message.putObject("debug_info").put("host", "applink-fake");
    for (WebSocket connection : told) {
      try {
        connection.send(message.toString());
      } catch (WebsocketNotConnectedException e) {
        // closed meanwhile: nothing left to tell
      }
    }
    return told.size();
  }

  /** WebSocket connections open now, including those told to disconnect but not yet closed. */
  public int openConnections() {
    synchronized (lock) {
      return open.size();
    }
  }

  /** A one-time connection URL, as {@code apps.connections.open} answers it. */
  String issueUrl() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the fake Slack is closed");
      }
      if (server == null) {
        server = startServer();
      }
      String ticket = UUID.randomUUID().toString();
      tickets.add(ticket);
      return "ws://127.0.0.1:"
          + server.getPort()
          + "/link/?ticket="
          + ticket
          + "&app_id="
          + FakeSlack.APP_ID;
    }
  }

  /** Closes every connection and fails deliveries waiting for an ack. */
  void close() {
    Server running;
    synchronized (lock) {
      closed = true;
      running = server;
      live.clear();
      lock.notifyAll();
    }
    acks.values().forEach(a -> a.completeExceptionally(new IllegalStateException("closed")));
    if (running != null) {
      try {
        running.stop(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Server startServer() {
    Server candidate = new Server();
    candidate.start();
    try {
      if (!candidate.started.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          || candidate.failure != null) {
        throw new IllegalStateException("the Socket Mode server did not start", candidate.failure);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Socket Mode server", e);
    }
    return candidate;
  }

  private void send(String envelope, String type, long deadline, Duration timeout)
      throws InterruptedException {
    synchronized (lock) {
      while (true) {
        if (!live.isEmpty()) {
          WebSocket newest = live.get(live.size() - 1);
          try {
            newest.send(envelope);
            return;
          } catch (WebsocketNotConnectedException e) {
            live.remove(newest);
            continue;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          throw new AssertionError(
              "no Socket Mode connection to deliver the "
                  + type
                  + " envelope on within "
                  + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  private static boolean acceptsResponsePayload(String type, JsonNode payload) {
    if (SLASH_COMMANDS.equals(type)) {
      return true;
    }
    String payloadType = payload.path("type").asText();
    return INTERACTIVE.equals(type)
        && (payloadType.equals("view_submission") || payloadType.equals("block_suggestion"));
  }

  private boolean redeem(String resourceDescriptor) {
    String query = URI.create(resourceDescriptor).getRawQuery();
    String ticket = query == null ? "" : SlackRequests.decodeForm(query).getOrDefault("ticket", "");
    synchronized (lock) {
      return tickets.remove(ticket);
    }
  }

  private void opened(WebSocket connection) {
    synchronized (lock) {
      open.add(connection);
      ObjectNode hello = MAPPER.createObjectNode().put("type", "hello");
      hello.put("num_connections", open.size());
      hello
          .putObject("debug_info")
          .put("host", "applink-fake")
          .put("build_number", 1)
          .put("approximate_connection_time", 18060);
      hello.putObject("connection_info").put("app_id", FakeSlack.APP_ID);
      // the hello goes out before any envelope can
      connection.send(hello.toString());
      live.add(connection);
      lock.notifyAll();
    }
  }

  private void closed(WebSocket connection) {
    synchronized (lock) {
      open.remove(connection);
      live.remove(connection);
    }
  }

  private void received(String message) {
    JsonNode json;
    try {
      json = MAPPER.readTree(message);
    } catch (JsonProcessingException e) {
      LOG.warn("Socket Mode: the app sent something that is not JSON: {}", message);
      return;
    }
    CompletableFuture<JsonNode> ack = acks.get(json.path("envelope_id").asText());
    if (ack == null) {
      LOG.warn("Socket Mode: an ack for no envelope in flight: {}", message);
      return;
    }
    ack.complete(json);
  }

  /** The WebSocket server proper; its callbacks run on its own threads. */
  private final class Server extends WebSocketServer {
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception failure;

    private Server() {
      super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      setReuseAddr(true);
      setDaemon(true);
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
        WebSocket connection, Draft draft, ClientHandshake request) throws InvalidDataException {
      if (!redeem(request.getResourceDescriptor())) {
        throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "invalid or used ticket");
      }
      return super.onWebsocketHandshakeReceivedAsServer(connection, draft, request);
    }

    @Override
    public void onOpen(WebSocket connection, ClientHandshake handshake) {
      opened(connection);
    }

    @Override
    public void onClose(WebSocket connection, int code, String reason, boolean remote) {
      closed(connection);
    }

    @Override
    public void onMessage(WebSocket connection, String message) {
      received(message);
    }

    @Override
    public void onError(WebSocket connection, Exception e) {
      if (connection == null) {
        failure = e;
        started.countDown();
      }
      LOG.warn("Socket Mode server error", e);
    }

    @Override
    public void onStart() {
      started.countDown();
    }
  }
}
