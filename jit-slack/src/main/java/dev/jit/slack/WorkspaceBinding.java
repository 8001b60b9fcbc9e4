package dev.jit.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.bolt.App;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the app to the workspace of its bot token: a payload whose team ({@code team.id}, {@code
 * team_id}), enterprise ({@code enterprise.id}, {@code enterprise_id}) or app ({@code api_app_id})
 * differs from the token's own is refused, so a signing secret or Socket Mode connection shared
 * with another workspace cannot act here. The token's ids are learnt once from {@code auth.test} on
 * first use, on a thread of its own: a payload waits for it at most {@link #LEARN_WAIT}, so a slow
 * Slack API cannot hold up the ack; while it has not succeeded every payload is refused (fail
 * closed) and, once a try has failed, the next payload starts another. The app id is checked when
 * {@code auth.test} reports one. Payloads without a team are refused too, except Slack's {@code
 * url_verification} and {@code ssl_check}. Thread-safe.
 */
public final class WorkspaceBinding {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceBinding.class);

  /** The token's own ids; {@code appId} and {@code enterpriseId} empty when Slack gave none. */
  record Ids(String teamId, String appId, String enterpriseId) {
    Ids {
      Objects.requireNonNull(teamId, "teamId");
      appId = appId == null ? "" : appId;
      enterpriseId = enterpriseId == null ? "" : enterpriseId;
    }
  }

  /** The longest a payload waits for {@code auth.test}, well within Slack's 3 s for the ack. */
  public static final Duration LEARN_WAIT = Duration.ofSeconds(1);

  private final Supplier<MethodsClient> methods;
  private volatile Ids own;
  private final AtomicReference<CompletableFuture<Ids>> learning = new AtomicReference<>();

  private WorkspaceBinding(Supplier<MethodsClient> methods, Ids own) {
    this.methods = methods;
    this.own = own;
  }

  /** A binding that learns the token's ids by calling {@code auth.test} with {@code methods}. */
  public static WorkspaceBinding learning(Supplier<MethodsClient> methods) {
    return new WorkspaceBinding(Objects.requireNonNull(methods, "methods"), null);
  }

  /** A binding to known ids; {@code appId} and {@code enterpriseId} may be empty (unchecked). */
  public static WorkspaceBinding of(String teamId, String appId, String enterpriseId) {
    return new WorkspaceBinding(() -> null, new Ids(teamId, appId, enterpriseId));
  }

  /**
   * Why the raw request body (form-encoded, {@code payload=…} or JSON) must be refused, naming the
   * ids it claims; empty when it belongs to the token's workspace. Logs each refusal at WARN.
   */
  public Optional<String> refusal(String rawBody) {
    Map<String, String> claims = claims(rawBody == null ? "" : rawBody);
    String type = claims.getOrDefault("type", "");
    if (type.equals("url_verification") || claims.containsKey("ssl_check")) {
      return Optional.empty();
    }
    Optional<Ids> ids = ids();
    if (ids.isEmpty()) {
      LOG.warn(
          "refused a Slack payload (team {}, app {}): the bot token's workspace is not known"
              + " (auth.test failed)",
          claims.get("team"),
          claims.get("app"));
      return Optional.of("workspace unknown");
    }
    Ids own = ids.get();
    String team = claims.getOrDefault("team", "");
    String app = claims.getOrDefault("app", "");
    String enterprise = claims.getOrDefault("enterprise", "");
    boolean foreign =
        !team.equals(own.teamId())
            || claims.containsKey("team_conflict")
            || (!own.appId().isEmpty() && !app.isEmpty() && !app.equals(own.appId()))
            || !enterprise.equals(own.enterpriseId());
    if (!foreign) {
      return Optional.empty();
    }
    String reason =
        "payload of team '" + team + "', enterprise '" + enterprise + "', app '" + app + "'";
    LOG.warn(
        "refused a Slack {} payload of another workspace: team {}, enterprise {}, app {}; the"
            + " token's are {}, {}, {}",
        type.isEmpty() ? "slash command" : type,
        team,
        enterprise,
        app,
        own.teamId(),
        own.enterpriseId(),
        own.appId());
    return Optional.of(reason);
  }

  /**
   * A Bolt middleware refusing what {@link #refusal} refuses, for every transport: in Socket Mode
   * the envelope is acked without acting (Slack would redeliver an unacked one), otherwise 401.
   */
  public Middleware middleware() {
    return (req, resp, chain) -> {
      if (refusal(req.getRequestBodyAsString()).isEmpty()) {
        return chain.next(req);
      }
      return req.isSocketMode()
          ? Response.ok()
          : Response.builder().statusCode(401).body("payload of another workspace").build();
    };
  }

  /** Learns the ids of the bot token of {@code app} ({@code singleTeamBotToken}). */
  public static WorkspaceBinding of(App app) {
    Objects.requireNonNull(app, "app");
    return learning(
        () -> {
          String token = app.config().getSingleTeamBotToken();
          return token == null ? null : app.slack().methods(token);
        });
  }

  private Optional<Ids> ids() {
    Ids known = own;
    if (known != null) {
      return Optional.of(known);
    }
    try {
      return Optional.ofNullable(learning().get(LEARN_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      LOG.warn("auth.test has not answered within {}; refusing the payload", LEARN_WAIT);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty();
    }
  }

  /** The try of {@code auth.test} in flight or succeeded, or a new one after one that failed. */
  private CompletableFuture<Ids> learning() {
    while (true) {
      CompletableFuture<Ids> current = learning.get();
      boolean failed = current != null && current.isDone() && current.getNow(null) == null;
      if (current != null && !failed) {
        return current;
      }
      CompletableFuture<Ids> next = new CompletableFuture<>();
      if (learning.compareAndSet(current, next)) {
        Thread t =
            new Thread(
                () -> {
                  Ids ids = learn();
                  if (ids != null) {
                    own = ids;
                  }
                  next.complete(ids);
                },
                "jit-auth-test");
        t.setDaemon(true);
        t.start();
        return next;
      }
    }
  }

  private Ids learn() {
    try {
      MethodsClient client = methods.get();
      if (client == null) {
        LOG.error("no bot token to call auth.test with: refusing every Slack payload");
        return null;
      }
      AuthTestResponse r = client.authTest(a -> a);
      if (!r.isOk() || r.getTeamId() == null) {
        LOG.error(
            "auth.test failed ({}): refusing every Slack payload until it works", r.getError());
        return null;
      }
      return new Ids(r.getTeamId(), r.getAppId(), r.getEnterpriseId());
    } catch (Exception e) {
      LOG.error("auth.test failed ({}): refusing every Slack payload until it works", e.toString());
      return null;
    }
  }

  /** The ids a body claims: keys team, app, enterprise, type (and team_conflict, ssl_check). */
  static Map<String, String> claims(String body) {
    Map<String, String> claims = new HashMap<>();
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      json(trimmed, claims);
      return claims;
    }
    Map<String, String> form = form(trimmed);
    if (form.containsKey("payload")) {
      json(form.get("payload"), claims);
      return claims;
    }
    put(claims, "team", form.get("team_id"));
    put(claims, "app", form.get("api_app_id"));
    put(claims, "enterprise", form.get("enterprise_id"));
    put(claims, "ssl_check", form.get("ssl_check"));
    return claims;
  }

  private static void json(String text, Map<String, String> claims) {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(text);
      if (!e.isJsonObject()) {
        return;
      }
      o = e.getAsJsonObject();
    } catch (RuntimeException e) {
      return;
    }
    put(claims, "type", string(o, "type"));
    String team = string(o, "team_id");
    String nested =
        o.has("team") && o.get("team").isJsonObject()
            ? string(o.getAsJsonObject("team"), "id")
            : null;
    if (team != null && nested != null && !team.equals(nested)) {
      claims.put("team_conflict", "true");
    }
    put(claims, "team", team != null ? team : nested);
    put(claims, "app", string(o, "api_app_id"));
    String enterprise = string(o, "enterprise_id");
    if (enterprise == null && o.has("enterprise") && o.get("enterprise").isJsonObject()) {
      enterprise = string(o.getAsJsonObject("enterprise"), "id");
    }
    put(claims, "enterprise", enterprise);
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.putIfAbsent(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void put(Map<String, String> claims, String key, String value) {
    if (value != null && !value.isEmpty()) {
      claims.put(key, value);
    }
  }
}
