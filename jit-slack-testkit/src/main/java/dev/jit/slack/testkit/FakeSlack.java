package dev.jit.slack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.http.testkit.FakeHttpServer;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.Router;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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
 * jit-http-testkit}; this class is Slack's model on top of it: the workspace state and method
 * handlers are in {@code WebApi} and {@code ViewsApi}, request decoding in {@code SlackRequests},
 * authentication and routing in {@code SlackEndpoints}, per-method injections in {@code
 * SlackFaults}, the recorded calls in {@code SlackCallLog}.
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

  /** Calls served at once, delayed ones included; well above what an app under test opens. */
  private static final int THREADS = 64;

  private final String token;
  private final Clock clock;
  private final WebApi api;
  private final SocketModeServer socketMode = new SocketModeServer();
  private final FakeHttpServer server;
  private final SlackFaults faults;
  private final SlackCallLog callLog;

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
   * @param metadata the {@code metadata} it was posted with ({@code event_type}, {@code
   *     event_payload}), which {@code conversations.history} returns with {@code
   *     include_all_metadata}
   */
  public record Message(
      String channel,
      String ts,
      String text,
      JsonNode blocks,
      Optional<String> threadTs,
      int edits,
      Optional<JsonNode> metadata) {

    public Message {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(ts, "ts");
      Objects.requireNonNull(text, "text");
      blocks = blocks.deepCopy();
      Objects.requireNonNull(threadTs, "threadTs");
      metadata = metadata.map(JsonNode::deepCopy);
    }

    /** A message posted without metadata. */
    public Message(
        String channel,
        String ts,
        String text,
        JsonNode blocks,
        Optional<String> threadTs,
        int edits) {
      this(channel, ts, text, blocks, threadTs, edits, Optional.empty());
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
    SlackEndpoints endpoints = new SlackEndpoints(token, api, socketMode);
    this.server =
        FakeHttpServer.builder()
            .name("fake-slack")
            .clock(clock)
            .threads(THREADS)
            .start(
                new Router()
                    .onPrefix("*", SlackRequests.API, endpoints::serveApi)
                    .onPrefix("*", SlackRequests.RESPONSE, endpoints::serveResponseUrl)
                    .otherwise(r -> FakeResponse.text(404, "No context found for request")));
    this.faults = new SlackFaults(server.faults());
    this.callLog = new SlackCallLog(server);
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
    return callLog.calls();
  }

  /** The calls of one method, oldest first. */
  public List<SlackCall> calls(String method) {
    return callLog.calls(method);
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
    return callLog.await(method, matching, timeout);
  }

  // --- failure injection
  // --------------------------------------------------------------------------------

  /**
   * The next {@code times} calls of the method answer {@code {"ok":false,"error":error}} with HTTP
   * 200, before any validation. Replaces an earlier injection for the method.
   */
  public void failNext(String method, int times, String error) {
    faults.failNext(method, times, error);
  }

  /**
   * The next {@code times} calls of the method answer HTTP 429 with {@code Retry-After:
   * retryAfterSeconds} and body {@code {"ok":false,"error":"ratelimited"}}, as Slack does. Replaces
   * an earlier injection.
   */
  public void rateLimitNext(String method, int times, int retryAfterSeconds) {
    faults.rateLimitNext(method, times, retryAfterSeconds);
  }

  /**
   * The next {@code times} calls of the method answer HTTP {@code status} (a 5xx: Slack in trouble)
   * with body {@code {"ok":false,"error":"internal_error"}}, before any validation: the call has no
   * effect. Replaces an earlier injection.
   */
  public void serverErrorNext(String method, int times, int status) {
    faults.serverErrorNext(method, times, status);
  }

  /**
   * Every call of the method waits this long before it is answered; {@link Duration#ZERO} removes
   * it.
   */
  public void delay(String method, Duration latency) {
    faults.delay(method, latency);
  }

  /**
   * Back to the freshly started state: no recorded calls, injections, delays, users, groups,
   * messages, views or trigger ids. Socket Mode connections stay open.
   */
  public void reset() {
    faults.reset();
    api.reset();
    server.reset();
  }

  // --- HTTP
  // ---------------------------------------------------------------------------------------------

  private String baseUrl() {
    return server.baseUrl();
  }

  /** The {@code response_url} to put in a payload. */
  String newResponseUrl() {
    return baseUrl() + SlackRequests.RESPONSE + api.issueTriggerId().replace('.', '-');
  }
}
