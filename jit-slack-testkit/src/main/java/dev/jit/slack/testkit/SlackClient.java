package dev.jit.slack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends requests to the app under test the way Slack does: realistic payloads for slash commands,
 * block actions, view submissions, global shortcuts and {@code app_home_opened} events, over one of
 * Slack's two transports:
 *
 * <ul>
 *   <li>HTTP ({@link #SlackClient(URI, String, Clock, FakeSlack)}): POSTed to the app's Request
 *       URL, signed with the app's signing secret ({@code X-Slack-Signature:
 *       v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body))}, {@code X-Slack-Request-Timestamp});
 *       the answer is the HTTP response.
 *   <li>Socket Mode ({@link #overSocketMode}): the same payloads as envelopes on the app's
 *       WebSocket connection to the fake ({@link SocketModeServer#deliver}); the answer is the
 *       app's ack, its {@code payload} as the body.
 * </ul>
 *
 * <p>So one test helper can drive an app over either transport. (The payloads themselves are built
 * by the package's {@code SlackPayloads}; this class signs and transports them.)
 *
 * <p>Every {@code trigger_id} it sends is issued by the given {@link FakeSlack}, so the app can
 * exchange it there once with {@code views.open} within 3 s of the fake's clock; every {@code
 * response_url} points at the fake, which records what the app posts there.
 *
 * <p>Immutable and thread-safe. {@link #signing(Signing)} and {@link #retry(int, String)} return a
 * copy that forges the signature (HTTP only) or marks a redelivery (retry headers over HTTP, {@code
 * retry_attempt} and {@code retry_reason} in a Socket Mode envelope).
 */
public final class SlackClient {

  /** How requests are signed. */
  public enum Signing {
    /** Correct signature, timestamp now by the clock. */
    VALID,
    /** Signed with another secret. */
    WRONG_SECRET,
    /** Correctly signed, timestamp 6 minutes in the past: outside Slack's 5-minute window. */
    STALE_TIMESTAMP,
    /** Correctly signed, timestamp 6 minutes in the future. */
    FUTURE_TIMESTAMP,
    /** Neither signature nor timestamp header. */
    MISSING_HEADERS
  }

  /**
   * The app's answer. Header names are matched ignoring case. Over Socket Mode: status 200, the
   * ack's {@code payload} as the body (empty when the ack has none) and no headers.
   */
  public record Response(int status, String body, Map<String, List<String>> headers) {

    public Response {
      Objects.requireNonNull(body, "body");
      TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
      headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name)).flatMap(v -> v.stream().findFirst());
    }

    /**
     * The body as JSON (an empty ack is an empty object), e.g. for {@code response_action: errors}.
     */
    public JsonNode json() {
      if (body.isBlank()) {
        return MAPPER.createObjectNode();
      }
      try {
        return MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the app's answer is not JSON: " + body, e);
      }
    }
  }

  /** The message a block action's button sits in. */
  public record MessageContainer(String channelId, String ts) {
    public MessageContainer {
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(ts, "ts");
    }
  }

  public static final String FORM = "application/x-www-form-urlencoded";
  public static final String JSON = "application/json";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration SKEW = Duration.ofMinutes(6);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Where HTTP requests go; empty for a Socket Mode client. */
  private final Optional<URI> appUrl;

  private final String signingSecret;
  private final Clock clock;
  private final FakeSlack slack;
  private final Signing signing;
  private final Optional<Retry> retry;
  private final HttpClient http;
  private final SlackPayloads payloads;

  private record Retry(int number, String reason) {}

  /**
   * @param appUrl where the app receives Slack requests, e.g. {@code
   *     http://127.0.0.1:8080/slack/events}
   * @param signingSecret the app's signing secret
   * @param clock the time put in {@code X-Slack-Request-Timestamp} and in payloads
   * @param slack the fake that issues {@code trigger_id}s and receives {@code response_url} posts
   */
  public SlackClient(URI appUrl, String signingSecret, Clock clock, FakeSlack slack) {
    this(
        Optional.of(Objects.requireNonNull(appUrl, "appUrl")),
        Objects.requireNonNull(signingSecret, "signingSecret"),
        clock,
        slack);
  }

  /**
   * A client that delivers every payload as an envelope on the Socket Mode connection the app has
   * opened to {@code slack} (Socket Mode payloads are not signed), and answers with the app's ack.
   *
   * @param clock the time put in payloads
   */
  public static SlackClient overSocketMode(Clock clock, FakeSlack slack) {
    return new SlackClient(Optional.empty(), "", clock, slack);
  }

  private SlackClient(Optional<URI> appUrl, String signingSecret, Clock clock, FakeSlack slack) {
    this(
        appUrl,
        signingSecret,
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(slack, "slack"),
        Signing.VALID,
        Optional.empty(),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  private SlackClient(
      Optional<URI> appUrl,
      String signingSecret,
      Clock clock,
      FakeSlack slack,
      Signing signing,
      Optional<Retry> retry,
      HttpClient http) {
    this.appUrl = appUrl;
    this.signingSecret = signingSecret;
    this.clock = clock;
    this.slack = slack;
    this.signing = signing;
    this.retry = retry;
    this.http = http;
    this.payloads = new SlackPayloads(clock, slack);
  }

  /** A copy that signs this way; a Socket Mode client signs nothing. */
  public SlackClient signing(Signing signing) {
    return new SlackClient(
        appUrl, signingSecret, clock, slack, Objects.requireNonNull(signing), retry, http);
  }

  /**
   * A copy that adds {@code X-Slack-Retry-Num} and {@code X-Slack-Retry-Reason} (e.g. {@code
   * http_timeout}), as Slack does when it redelivers an event; over Socket Mode it sets the
   * envelope's {@code retry_attempt} and {@code retry_reason} (e.g. {@code timeout}).
   */
  public SlackClient retry(int number, String reason) {
    return new SlackClient(
        appUrl, signingSecret, clock, slack, signing, Optional.of(new Retry(number, reason)), http);
  }

  // --- payloads
  // -----------------------------------------------------------------------------------------

  /** A slash command, form-encoded, with a fresh {@code trigger_id} and a {@code response_url}. */
  public Response slashCommand(String command, String text, String userId, String channelId) {
    Map<String, String> form = payloads.slashCommand(command, text, userId, channelId);
    return transmit(
        encodeForm(form), FORM, SocketModeServer.SLASH_COMMANDS, MAPPER.valueToTree(form));
  }

  /**
   * A {@code block_actions} payload for a button click: in a message ({@code container.type:
   * message}, with the message's current text and blocks from the fake when it knows it) or in a
   * view ({@code container.type: view}, e.g. a view from {@link FakeSlack#view} or {@link
   * FakeSlack#homeView}).
   */
  public Response blockAction(
      String userId,
      String actionId,
      String blockId,
      String value,
      Optional<MessageContainer> message,
      Optional<JsonNode> view) {
    return sendPayload(payloads.blockAction(userId, actionId, blockId, value, message, view));
  }

  /**
   * A {@code view_submission} of a modal with this callback id and private metadata; {@code values}
   * are {@code view.state.values}: block id → action id → value node ({@link #plainTextInput},
   * {@link #staticSelect}, {@link #usersSelect}).
   */
  public Response viewSubmission(
      String userId,
      String callbackId,
      String privateMetadata,
      Map<String, Map<String, JsonNode>> values) {
    return viewSubmission(userId, payloads.modal(callbackId, privateMetadata), values);
  }

  /**
   * A {@code view_submission} of a given view (e.g. one the app opened, from {@link
   * FakeSlack#view}), with its {@code state.values} replaced by {@code values}.
   */
  public Response viewSubmission(
      String userId, JsonNode view, Map<String, Map<String, JsonNode>> values) {
    return sendPayload(payloads.viewSubmission(userId, view, values));
  }

  /** A global shortcut ({@code type: shortcut}) with a fresh {@code trigger_id}. */
  public Response shortcut(String callbackId, String userId) {
    return sendPayload(payloads.shortcut(callbackId, userId));
  }

  /**
   * An Events API {@code event_callback} with an {@code app_home_opened} event for the Home tab,
   * carrying the view the fake last published for the user (absent on first open, as in Slack).
   */
  public Response appHomeOpened(String userId) {
    ObjectNode payload = payloads.appHomeOpened(userId);
    return transmit(payload.toString(), JSON, SocketModeServer.EVENTS_API, payload);
  }

  /** A plain_text_input state value. */
  public static ObjectNode plainTextInput(String value) {
    return MAPPER.createObjectNode().put("type", "plain_text_input").put("value", value);
  }

  /** A static_select state value with this option selected. */
  public static ObjectNode staticSelect(String value) {
    ObjectNode node = MAPPER.createObjectNode().put("type", "static_select");
    ObjectNode option = node.putObject("selected_option");
    option.putObject("text").put("type", "plain_text").put("text", value).put("emoji", true);
    option.put("value", value);
    return node;
  }

  /** A users_select state value. */
  public static ObjectNode usersSelect(String userId) {
    return MAPPER.createObjectNode().put("type", "users_select").put("selected_user", userId);
  }

  // --- transport
  // ----------------------------------------------------------------------------------------

  /**
   * Sends a raw body, signed according to {@link #signing(Signing)}, with the retry headers if any;
   * the given headers are added last and replace those of the same name, so a test can forge
   * anything.
   *
   * @throws IllegalStateException on a Socket Mode client, which sends envelopes, not HTTP
   */
  public Response send(String rawBody, String contentType, Map<String, String> headers) {
    URI url =
        appUrl.orElseThrow(
            () -> new IllegalStateException("a Socket Mode client sends no HTTP requests"));
    Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.put("Content-Type", contentType);
    all.putAll(signatureHeaders(rawBody));
    retry.ifPresent(
        r -> {
          all.put("X-Slack-Retry-Num", String.valueOf(r.number()));
          all.put("X-Slack-Retry-Reason", r.reason());
        });
    all.putAll(headers);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(rawBody, StandardCharsets.UTF_8));
    all.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException("request to " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + url, e);
    }
  }

  /** The Slack signature {@code v0=…} of a body with a timestamp (seconds) under a secret. */
  public static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest =
          mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private Map<String, String> signatureHeaders(String body) {
    long now = clock.instant().getEpochSecond();
    long timestamp;
    String secret = signingSecret;
    switch (signing) {
      case MISSING_HEADERS:
        return Map.of();
      case STALE_TIMESTAMP:
        timestamp = now - SKEW.toSeconds();
        break;
      case FUTURE_TIMESTAMP:
        timestamp = now + SKEW.toSeconds();
        break;
      case WRONG_SECRET:
        timestamp = now;
        secret = signingSecret + "-wrong";
        break;
      default:
        timestamp = now;
    }
    String ts = String.valueOf(timestamp);
    return Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sign(secret, ts, body));
  }

  /** An interactive payload: form field {@code payload} over HTTP, an envelope over Socket Mode. */
  private Response sendPayload(ObjectNode payload) {
    String form = encodeForm(Map.of("payload", payload.toString()));
    return transmit(form, FORM, SocketModeServer.INTERACTIVE, payload);
  }

  /**
   * The one place the transport is chosen: {@code rawBody} is POSTed over HTTP, {@code payload} is
   * delivered in an envelope of {@code envelopeType} over Socket Mode.
   */
  private Response transmit(
      String rawBody, String contentType, String envelopeType, JsonNode payload) {
    return appUrl.isPresent()
        ? send(rawBody, contentType, Map.of())
        : deliver(envelopeType, payload);
  }

  private Response deliver(String type, JsonNode payload) {
    JsonNode ack =
        slack
            .socketMode()
            .deliver(
                type,
                payload,
                retry.map(Retry::number).orElse(0),
                retry.map(Retry::reason).orElse(""),
                TIMEOUT);
    JsonNode body = ack.path("payload");
    return new Response(200, body.isObject() ? body.toString() : "", Map.of());
  }

  private static String encodeForm(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
