package dev.jit.slack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Slack Web API on {@code 127.0.0.1} (ephemeral port) for tests: the real {@code
 * com.slack.api.Slack} client talks to it through {@code
 * SlackConfig.setMethodsEndpointUrlPrefix(fake.apiUrl())}.
 *
 * <p>It serves {@code auth.test}, {@code chat.postMessage}, {@code chat.update}, {@code
 * chat.postEphemeral}, {@code conversations.open}, {@code views.open}, {@code views.update}, {@code
 * views.publish}, {@code users.info}, {@code users.lookupByEmail}, {@code usergroups.users.list}
 * and {@code apps.connections.open} with the JSON shapes the SDK parses, and validates what real
 * Slack validates where it matters: the bearer token ({@code not_authed}, {@code invalid_auth};
 * {@code not_allowed_token_type} for the app-level token on a bot method and the bot token on
 * {@code apps.connections.open}), {@code channel} ({@code channel_not_found}), block counts (50 per
 * message, 100 per view: {@code invalid_blocks}), {@code private_metadata} up to 3000 characters
 * ({@code invalid_arguments}) and {@code trigger_id}s, which must have been issued by {@link
 * #issueTriggerId()}, are single-use ({@code exchanged_trigger_id}) and live {@link
 * #TRIGGER_ID_LIFETIME} by the fake's clock ({@code expired_trigger_id}). Other methods answer
 * {@code unknown_method}. It also accepts POSTs to the {@code response_url}s that {@link
 * SlackClient} puts in payloads, recorded as method {@value #RESPONSE_URL_METHOD}.
 *
 * <p>Socket Mode: {@code apps.connections.open} with {@link #DEFAULT_APP_TOKEN} answers the URL of
 * a local WebSocket server ({@link #socketMode()}) that speaks Slack's Socket Mode protocol, so
 * Bolt's real {@code SocketModeApp} connects to it and receives envelopes from {@link
 * SocketModeServer#deliver} or from a {@link SlackClient#overSocketMode Socket Mode SlackClient}.
 *
 * <p>Every call is recorded ({@link #calls()}), failures can be injected ({@link #failNext}, {@link
 * #rateLimitNext}, {@link #delay}), and the resulting workspace state can be asserted: messages
 * after updates, open views, each user's App Home.
 *
 * <p>Thread-safe: the app under test may call it from any thread while the test reads and
 * configures it. Create one per test class or per test; {@link #reset()} returns it to its freshly
 * started state.
 */
public final class FakeSlack implements AutoCloseable {

  /** The bot token the fake accepts unless another is given to {@link #start(String, Clock)}. */
  public static final String DEFAULT_TOKEN = "xoxb-jit-fake-token";

  /** The app-level token ({@code connections:write}) {@code apps.connections.open} accepts. */
  public static final String DEFAULT_APP_TOKEN = "xapp-1-A0JITFAKE-1-jit-fake-app-token";

  /** The Web API method a Socket Mode client calls for a WebSocket URL. */
  public static final String APPS_CONNECTIONS_OPEN = "apps.connections.open";

  public static final String TEAM_ID = "T0JITFAKE";
  public static final String APP_ID = "A0JITFAKE";
  public static final String BOT_USER_ID = "U0JITBOT";
  public static final String BOT_ID = "B0JITBOT";

  /** How long a {@code trigger_id} can be exchanged for a modal. */
  public static final Duration TRIGGER_ID_LIFETIME = Duration.ofSeconds(3);

  /** The method name under which POSTs to a {@code response_url} are recorded. */
  public static final String RESPONSE_URL_METHOD = "response_url";

  private static final Logger LOG = LoggerFactory.getLogger(FakeSlack.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> JSON_PARAMS =
      Set.of("blocks", "view", "attachments", "metadata");

  private final String token;
  private final Clock clock;
  private final WebApi api;
  private final SocketModeServer socketMode = new SocketModeServer();
  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);

  private final List<SlackCall> calls = new ArrayList<>();
  private final Map<String, Injection> injections = new HashMap<>();
  private final Map<String, Duration> delays = new HashMap<>();

  private record Injection(int times, int status, String error, int retryAfterSeconds) {}

  /**
   * A workspace member for {@code users.info} and {@code users.lookupByEmail}. Start with {@link
   * #of} and derive variants with the {@code with…} methods.
   */
  public record User(
      String id,
      String name,
      String realName,
      Optional<String> email,
      boolean deleted,
      boolean restricted,
      boolean ultraRestricted,
      boolean bot) {

    public User {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(realName, "realName");
      Objects.requireNonNull(email, "email");
    }

    /** An active full member with the given id and name, real name = name, no email. */
    public static User of(String id, String name) {
      return new User(id, name, name, Optional.empty(), false, false, false, false);
    }

    public User withRealName(String realName) {
      return new User(id, name, realName, email, deleted, restricted, ultraRestricted, bot);
    }

    public User withEmail(String email) {
      return new User(
          id, name, realName, Optional.of(email), deleted, restricted, ultraRestricted, bot);
    }

    /** A deactivated account. */
    public User withDeleted(boolean deleted) {
      return new User(id, name, realName, email, deleted, restricted, ultraRestricted, bot);
    }

    /** A multi-channel guest. */
    public User withRestricted(boolean restricted) {
      return new User(id, name, realName, email, deleted, restricted, ultraRestricted, bot);
    }

    /** A single-channel guest. */
    public User withUltraRestricted(boolean ultraRestricted) {
      return new User(id, name, realName, email, deleted, restricted, ultraRestricted, bot);
    }

    public User withBot(boolean bot) {
      return new User(id, name, realName, email, deleted, restricted, ultraRestricted, bot);
    }
  }

  /**
   * A message as it now stands in a channel, after any {@code chat.update}s.
   *
   * @param blocks the latest blocks, an empty array when the message has none
   * @param edits how many times {@code chat.update} changed it
   */
  public record Message(
      String channel,
      String ts,
      String text,
      JsonNode blocks,
      Optional<String> threadTs,
      int edits) {

    public Message {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(ts, "ts");
      Objects.requireNonNull(text, "text");
      blocks = blocks.deepCopy();
      Objects.requireNonNull(threadTs, "threadTs");
    }

    @Override
    public JsonNode blocks() {
      return blocks.deepCopy();
    }

    /** The {@code value} of the message's button with {@code actionId}, if it has one. */
    public Optional<String> buttonValue(String actionId) {
      for (JsonNode block : blocks) {
        for (JsonNode element : block.path("elements")) {
          if (actionId.equals(element.path("action_id").asText())) {
            return Optional.of(element.path("value").asText());
          }
        }
      }
      return Optional.empty();
    }
  }

  private FakeSlack(String token, Clock clock) throws IOException {
    this.token = Objects.requireNonNull(token, "token");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.api = new WebApi(clock);
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-slack-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/api/", this::serveApi);
    server.createContext("/response/", this::serveResponseUrl);
    server.start();
  }

  /** Starts a fake accepting {@link #DEFAULT_TOKEN}, on the system clock. */
  public static FakeSlack start() {
    return start(DEFAULT_TOKEN, Clock.systemUTC());
  }

  /**
   * Starts a fake accepting the given bot token. The clock decides {@code trigger_id} expiry,
   * message {@code ts} values and call timestamps, so a test can move it instead of waiting.
   */
  public static FakeSlack start(String token, Clock clock) {
    try {
      return new FakeSlack(token, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Slack server", e);
    }
  }

  /** The Web API URL prefix, e.g. {@code http://127.0.0.1:54321/api/}, for {@code SlackConfig}. */
  public String apiUrl() {
    return baseUrl() + "/api/";
  }

  /** The bot token the fake accepts. */
  public String token() {
    return token;
  }

  /** The app-level token {@code apps.connections.open} accepts: {@link #DEFAULT_APP_TOKEN}. */
  public String appToken() {
    return DEFAULT_APP_TOKEN;
  }

  /**
   * The Socket Mode server behind {@code apps.connections.open}: deliver envelopes to the connected
   * app and ask it to reconnect.
   */
  public SocketModeServer socketMode() {
    return socketMode;
  }

  /** The fake's clock. */
  public Clock clock() {
    return clock;
  }

  /**
   * Stops the servers, closing Socket Mode connections; calls waiting in a {@link #delay} are
   * answered at once.
   */
  @Override
  public void close() {
    closed.countDown();
    socketMode.close();
    server.stop(0);
    executor.shutdownNow();
  }

  // --- workspace
  // ----------------------------------------------------------------------------------------

  /** Registers (or replaces) a user. */
  public void addUser(User user) {
    api.addUser(Objects.requireNonNull(user, "user"));
  }

  /** Registers (or replaces) a user group and its members, for {@code usergroups.users.list}. */
  public void addGroup(String groupId, Set<String> userIds) {
    api.addGroup(Objects.requireNonNull(groupId, "groupId"), userIds);
  }

  /** On a free plan {@code usergroups.users.list} answers {@code plan_upgrade_required}. */
  public void freePlan(boolean freePlan) {
    api.freePlan(freePlan);
  }

  /**
   * Issues a {@code trigger_id} that {@code views.open} accepts once within {@link
   * #TRIGGER_ID_LIFETIME} of now by the fake's clock. {@link SlackClient} calls this for every
   * payload that carries one.
   */
  public String issueTriggerId() {
    return api.issueTriggerId();
  }

  /** The stable DM channel id ({@code D…}) of a user, as {@code conversations.open} returns it. */
  public String dmChannel(String userId) {
    return api.dmChannel(userId);
  }

  /** The message with this {@code ts} in this channel, as it stands after any updates. */
  public Optional<Message> message(String channel, String ts) {
    return api.message(channel, ts);
  }

  /** The messages posted to a channel, oldest first. */
  public List<Message> messages(String channel) {
    return api.messages(channel);
  }

  /** An open modal or home view by its id, as last opened, updated or published. */
  public Optional<JsonNode> view(String viewId) {
    return api.view(viewId);
  }

  /** The App Home view last published for a user. */
  public Optional<JsonNode> homeView(String userId) {
    return api.homeView(userId);
  }

  // --- recorded calls
  // -----------------------------------------------------------------------------------

  /** Every call received since start or the last {@link #clearCalls()}, oldest first. */
  public List<SlackCall> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** The calls of one method, oldest first. */
  public List<SlackCall> calls(String method) {
    return calls().stream()
        .filter(c -> c.method().equals(method))
        .collect(Collectors.toUnmodifiableList());
  }

  /** The latest call of one method. */
  public Optional<SlackCall> lastCall(String method) {
    List<SlackCall> matching = calls(method);
    return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
  }

  public void clearCalls() {
    synchronized (calls) {
      calls.clear();
    }
  }

  /** Waits for any call of the method. */
  public SlackCall awaitCall(String method, Duration timeout) {
    return awaitCall(method, c -> true, timeout);
  }

  /**
   * Waits until a recorded call of the method matches, and returns the first such call; calls
   * already recorded count.
   *
   * @throws AssertionError on timeout, listing the calls of that method that were received
   */
  public SlackCall awaitCall(String method, Predicate<SlackCall> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (calls) {
      while (true) {
        for (SlackCall call : calls) {
          if (call.method().equals(method) && matching.test(call)) {
            return call;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no matching " + method + " call within " + timeout + "; received: " + calls(method));
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(calls, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + method, e);
        }
      }
    }
  }

  // --- failure injection
  // --------------------------------------------------------------------------------

  /**
   * The next {@code times} calls of the method answer {@code {"ok":false,"error":error}} with HTTP
   * 200, before any validation. Replaces an earlier injection for the method.
   */
  public void failNext(String method, int times, String error) {
    inject(method, new Injection(times, 200, Objects.requireNonNull(error, "error"), 0));
  }

  /**
   * The next {@code times} calls of the method answer HTTP 429 with {@code Retry-After:
   * retryAfterSeconds} and body {@code {"ok":false,"error":"ratelimited"}}, as Slack does. Replaces
   * an earlier injection.
   */
  public void rateLimitNext(String method, int times, int retryAfterSeconds) {
    inject(method, new Injection(times, 429, "ratelimited", retryAfterSeconds));
  }

  /**
   * Every call of the method waits this long before it is answered; {@link Duration#ZERO} removes
   * it.
   */
  public void delay(String method, Duration latency) {
    synchronized (delays) {
      delays.put(method, latency);
    }
  }

  /**
   * Back to the freshly started state: no recorded calls, injections, delays, users, groups,
   * messages, views or trigger ids. Socket Mode connections stay open.
   */
  public void reset() {
    synchronized (injections) {
      injections.clear();
    }
    synchronized (delays) {
      delays.clear();
    }
    api.reset();
    clearCalls();
  }

  private void inject(String method, Injection injection) {
    if (injection.times() < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
    synchronized (injections) {
      injections.put(Objects.requireNonNull(method, "method"), injection);
    }
  }

  private Optional<Injection> takeInjection(String method) {
    synchronized (injections) {
      Injection injection = injections.get(method);
      if (injection == null || injection.times() == 0) {
        return Optional.empty();
      }
      injections.put(
          method,
          new Injection(
              injection.times() - 1,
              injection.status(),
              injection.error(),
              injection.retryAfterSeconds()));
      return Optional.of(injection);
    }
  }

  // --- HTTP
  // ---------------------------------------------------------------------------------------------

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The {@code response_url} to put in a payload. */
  String newResponseUrl() {
    return baseUrl() + "/response/" + api.issueTriggerId().replace('.', '-');
  }

  private void serveApi(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestURI().getPath().substring("/api/".length());
      String raw = new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8);
      ObjectNode body = parseBody(raw, exchange.getRequestHeaders().getFirst("Content-Type"));
      Map<String, String> params = flatten(body);
      String callToken =
          bearer(exchange).or(() -> Optional.ofNullable(params.get("token"))).orElse("");

      int status = 200;
      Map<String, String> headers = new LinkedHashMap<>();
      WebApi.Answer answer;
      Optional<Injection> injection = takeInjection(method);
      if (injection.isPresent()) {
        status = injection.get().status();
        answer = WebApi.Answer.error(injection.get().error());
        if (status == 429) {
          headers.put("Retry-After", String.valueOf(injection.get().retryAfterSeconds()));
        }
      } else if (callToken.isEmpty()) {
        answer = WebApi.Answer.error("not_authed");
      } else if (method.equals(APPS_CONNECTIONS_OPEN)) {
        answer = openConnection(callToken);
      } else if (callToken.equals(DEFAULT_APP_TOKEN)) {
        answer = WebApi.Answer.error("not_allowed_token_type");
      } else if (!callToken.equals(token)) {
        answer = WebApi.Answer.error("invalid_auth");
      } else {
        answer = api.handle(method, params, body);
      }
      record(new SlackCall(method, params, body, callToken, clock.instant(), answer.outcome()));
      LOG.debug("{} -> {}", method, answer.outcome());
      awaitDelay(method);
      respond(exchange, status, headers, MAPPER.writeValueAsString(answer.body()));
    }
  }

  /** {@code apps.connections.open}: only the app-level token may open a connection. */
  private WebApi.Answer openConnection(String callToken) {
    if (callToken.equals(token)) {
      return WebApi.Answer.error("not_allowed_token_type");
    }
    if (!callToken.equals(DEFAULT_APP_TOKEN)) {
      return WebApi.Answer.error("invalid_auth");
    }
    return WebApi.Answer.ok(MAPPER.createObjectNode().put("url", socketMode.issueUrl()));
  }

  private void serveResponseUrl(HttpExchange exchange) throws IOException {
    try (exchange) {
      String raw = new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8);
      ObjectNode body = parseBody(raw, exchange.getRequestHeaders().getFirst("Content-Type"));
      Map<String, String> params = new LinkedHashMap<>(flatten(body));
      params.put("url", baseUrl() + exchange.getRequestURI().getPath());
      record(new SlackCall(RESPONSE_URL_METHOD, params, body, "", clock.instant(), "ok"));
      awaitDelay(RESPONSE_URL_METHOD);
      respond(exchange, 200, Map.of(), "{\"ok\":true}");
    }
  }

  private void record(SlackCall call) {
    synchronized (calls) {
      calls.add(call);
      calls.notifyAll();
    }
  }

  private void awaitDelay(String method) {
    Duration latency;
    synchronized (delays) {
      latency = delays.getOrDefault(method, Duration.ZERO);
    }
    if (!latency.isZero()) {
      try {
        // Waits for the latency to pass, or for close() to cut it short.
        closed.await(latency.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void respond(
      HttpExchange exchange, int status, Map<String, String> headers, String json)
      throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Optional<String> bearer(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header != null && header.startsWith("Bearer ")
        ? Optional.of(header.substring("Bearer ".length()).trim())
        : Optional.empty();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  /**
   * The request's parameters as a JSON object: a JSON body as sent; a form body with each field a
   * string, except the JSON-valued ones, parsed.
   */
  static ObjectNode parseBody(String raw, String contentType) {
    if (contentType != null && contentType.startsWith("application/json")) {
      try {
        JsonNode json = MAPPER.readTree(raw);
        return json != null && json.isObject() ? (ObjectNode) json : MAPPER.createObjectNode();
      } catch (JsonProcessingException e) {
        return MAPPER.createObjectNode();
      }
    }
    ObjectNode body = MAPPER.createObjectNode();
    decodeForm(raw)
        .forEach(
            (name, value) -> {
              if (JSON_PARAMS.contains(name)) {
                try {
                  body.set(name, MAPPER.readTree(value));
                  return;
                } catch (JsonProcessingException e) {
                  // not JSON: kept as the string that was sent
                }
              }
              body.put(name, value);
            });
    return body;
  }

  /** Decodes {@code application/x-www-form-urlencoded}; a repeated field keeps its last value. */
  static Map<String, String> decodeForm(String raw) {
    Map<String, String> form = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return form;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  private static Map<String, String> flatten(ObjectNode body) {
    Map<String, String> params = new LinkedHashMap<>();
    body.fields()
        .forEachRemaining(
            e ->
                params.put(
                    e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    return params;
  }
}
