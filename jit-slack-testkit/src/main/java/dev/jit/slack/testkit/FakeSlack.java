package dev.jit.slack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.http.testkit.FakeHttpServer;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.Fault;
import dev.jit.http.testkit.Match;
import dev.jit.http.testkit.RecordedExchange;
import dev.jit.http.testkit.RecordedRequest;
import dev.jit.http.testkit.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
 * <p>The HTTP server, call recording and failure injection are a {@link FakeHttpServer} from {@code
 * jit-http-testkit}; this class is Slack's model on top of it.
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
  private static final String API = "/api/";
  private static final String RESPONSE = "/response/";

  /** Calls served at once, delayed ones included; well above what an app under test opens. */
  private static final int THREADS = 64;

  private final String token;
  private final Clock clock;
  private final WebApi api;
  private final SocketModeServer socketMode = new SocketModeServer();
  private final FakeHttpServer server;

  /** The armed failure of each method, replaced (not stacked) by the next one; own monitor. */
  private final Map<String, Fault> injections = new HashMap<>();

  /** The armed latency of each method; own monitor. */
  private final Map<String, Fault> delays = new HashMap<>();

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

  private FakeSlack(String token, Clock clock) {
    this.token = Objects.requireNonNull(token, "token");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.api = new WebApi(clock);
    this.server =
        FakeHttpServer.builder()
            .name("fake-slack")
            .clock(clock)
            .threads(THREADS)
            .start(
                new Router()
                    .onPrefix("*", API, this::serveApi)
                    .onPrefix("*", RESPONSE, this::serveResponseUrl)
                    .otherwise(r -> FakeResponse.text(404, "No context found for request")));
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
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot start the fake Slack server", e.getCause());
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
    server.close();
    socketMode.close();
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
    return server.exchanges().stream().filter(FakeSlack::isSlackCall).map(this::toCall).toList();
  }

  /** The calls of one method, oldest first. */
  public List<SlackCall> calls(String method) {
    return calls().stream().filter(c -> c.method().equals(method)).toList();
  }

  /** The latest call of one method. */
  public Optional<SlackCall> lastCall(String method) {
    List<SlackCall> matching = calls(method);
    return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
  }

  public void clearCalls() {
    server.clearRequests();
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
    return server
        .awaitExchange(
            e -> isSlackCall(e) && method.equals(methodOf(e.request())) && matching.test(toCall(e)),
            timeout)
        .map(this::toCall)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no matching "
                        + method
                        + " call within "
                        + timeout
                        + "; received: "
                        + calls(method)));
  }

  // --- failure injection
  // --------------------------------------------------------------------------------

  /**
   * The next {@code times} calls of the method answer {@code {"ok":false,"error":error}} with HTTP
   * 200, before any validation. Replaces an earlier injection for the method.
   */
  public void failNext(String method, int times, String error) {
    inject(method, times, errorResponse(200, Objects.requireNonNull(error, "error")));
  }

  /**
   * The next {@code times} calls of the method answer HTTP 429 with {@code Retry-After:
   * retryAfterSeconds} and body {@code {"ok":false,"error":"ratelimited"}}, as Slack does. Replaces
   * an earlier injection.
   */
  public void rateLimitNext(String method, int times, int retryAfterSeconds) {
    inject(
        method,
        times,
        errorResponse(429, "ratelimited")
            .withHeader("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  /**
   * Every call of the method waits this long before it is answered; {@link Duration#ZERO} removes
   * it.
   */
  public void delay(String method, Duration latency) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(latency, "latency");
    synchronized (delays) {
      Optional.ofNullable(delays.remove(method)).ifPresent(Fault::cancel);
      if (latency.compareTo(Duration.ZERO) > 0) {
        delays.put(method, server.faults().delay(r -> method.equals(methodOf(r)), latency));
      }
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
    server.reset();
  }

  /** Arms the answer for the next calls of one Web API method, replacing the method's last one. */
  private void inject(String method, int times, FakeResponse response) {
    Objects.requireNonNull(method, "method");
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
    synchronized (injections) {
      Optional.ofNullable(injections.remove(method)).ifPresent(Fault::cancel);
      injections.put(
          method, server.faults().respondNext(Match.path(API + method), times, response));
    }
  }

  private static FakeResponse errorResponse(int status, String error) {
    return FakeResponse.json(status, WebApi.Answer.error(error).body());
  }

  // --- HTTP
  // ---------------------------------------------------------------------------------------------

  private String baseUrl() {
    return server.baseUrl();
  }

  /** The {@code response_url} to put in a payload. */
  String newResponseUrl() {
    return baseUrl() + RESPONSE + api.issueTriggerId().replace('.', '-');
  }

  /** A Web API call that no injected failure answered. */
  private FakeResponse serveApi(RecordedRequest request) {
    String method = methodOf(request);
    ObjectNode body = parseBody(request);
    Map<String, String> params = flatten(body);
    String callToken = callToken(request, params);
    WebApi.Answer answer;
    if (callToken.isEmpty()) {
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
    LOG.debug("{} -> {}", method, answer.outcome());
    return FakeResponse.json(200, answer.body());
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

  private FakeResponse serveResponseUrl(RecordedRequest request) {
    return FakeResponse.json(200, "{\"ok\":true}");
  }

  private static boolean isSlackCall(RecordedExchange exchange) {
    String path = exchange.request().path();
    return path.startsWith(API) || path.startsWith(RESPONSE);
  }

  /** The Web API method a request calls, or {@link #RESPONSE_URL_METHOD} for a response_url. */
  private static String methodOf(RecordedRequest request) {
    String path = request.path();
    return path.startsWith(RESPONSE)
        ? RESPONSE_URL_METHOD
        : path.startsWith(API) ? path.substring(API.length()) : "";
  }

  /** The call as recorded: what arrived, and the outcome the answer (or an injection) carried. */
  private SlackCall toCall(RecordedExchange exchange) {
    RecordedRequest request = exchange.request();
    ObjectNode body = parseBody(request);
    Map<String, String> params = new LinkedHashMap<>(flatten(body));
    String callToken;
    if (request.path().startsWith(RESPONSE)) {
      params.put("url", baseUrl() + request.path());
      callToken = "";
    } else {
      callToken = callToken(request, params);
    }
    return new SlackCall(
        methodOf(request), params, body, callToken, request.receivedAt(), outcome(exchange));
  }

  /** {@code "ok"}, or the {@code error} of the JSON answer. */
  private static String outcome(RecordedExchange exchange) {
    try {
      JsonNode answer = MAPPER.readTree(exchange.response().orElseThrow().body());
      return answer.path("ok").asBoolean() ? "ok" : answer.path("error").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("the fake answered other than JSON", e);
    }
  }

  /** The bearer token, else the {@code token} parameter, else empty. */
  private static String callToken(RecordedRequest request, Map<String, String> params) {
    return request
        .header("Authorization")
        .filter(header -> header.startsWith("Bearer "))
        .map(header -> header.substring("Bearer ".length()).trim())
        .or(() -> Optional.ofNullable(params.get("token")))
        .orElse("");
  }

  /**
   * The request's parameters as a JSON object: a JSON body as sent; a form body with each field a
   * string, except the JSON-valued ones, parsed.
   */
  static ObjectNode parseBody(RecordedRequest request) {
    if (request.contentType().orElse("").startsWith("application/json")) {
      try {
        JsonNode json = request.json();
        return json.isObject() ? (ObjectNode) json : MAPPER.createObjectNode();
      } catch (IllegalStateException e) {
        return MAPPER.createObjectNode();
      }
    }
    ObjectNode body = MAPPER.createObjectNode();
    decodeForm(request.bodyText())
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
    RecordedRequest.decodeForm(raw)
        .forEach((name, values) -> form.put(name, values.get(values.size() - 1)));
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
