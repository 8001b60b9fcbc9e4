package dev.jit.okta.testkit;

import com.nimbusds.jose.jwk.JWK;
import dev.jit.http.testkit.FakeHttpServer;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A local Okta org for tests, on {@code http://127.0.0.1}: users (with statuses, logins unique
 * regardless of case), groups ({@code OKTA_GROUP} or {@code APP_GROUP}) and memberships, behind the
 * calls a group-membership grant backend makes, and the org authorization server in front of them.
 *
 * <p>What it checks as Okta does: the token endpoint verifies the private_key_jwt client assertion
 * (signature against the {@link #registerClient registered} public key, {@code aud} = the token
 * URL, {@code iss} = {@code sub}, {@code exp} in the future and at most an hour ahead, {@code jti}
 * never seen) and that every requested scope is granted; with {@link Builder#dpopRequired} it
 * demands a DPoP proof ({@code typ dpop+jwt}, {@code htm}, {@code htu}, {@code iat}, unique {@code
 * jti}) carrying its current nonce, answering {@code 400 use_dpop_nonce} with a {@code DPoP-Nonce}
 * header first. API calls need an unexpired access token ({@code 401 E0000011}), a DPoP proof with
 * the token's key and {@code ath} when the token is DPoP-bound, and the endpoint's scope ({@code
 * 403 E0000006}). Every answer carries {@code X-Rate-Limit-Limit/Remaining/Reset} (per family:
 * token, users, groups; a window of one minute on the fake's clock) and {@code 429 E0000047} once a
 * family is exhausted. Lists are paged by a {@code Link} header with {@code rel="next"} at {@link
 * Builder#pageSize} items (default 2), so paging is always exercised.
 *
 * <p>Faults (5xx, latency, dropped connections) are armed on {@link #server()}{@code .faults()};
 * every request is recorded there too. Thread-safe.
 */
public final class FakeOkta implements AutoCloseable {

  /** The scope that lets a service app add and remove group members. */
  public static final String GROUPS_MANAGE = "okta.groups.manage";

  /** The scope that lets a service app read users. */
  public static final String USERS_READ = "okta.users.read";

  /** The scope that lets a service app clear users' sessions. */
  public static final String USERS_MANAGE = "okta.users.manage";

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private static final class Bucket {
    int remaining;
    Instant resetAt;
  }

  private final Clock clock;
  private final int limit;
  private final OktaAuthServer auth;
  private final OktaDirectory directory = new OktaDirectory();
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final FakeHttpServer server;

  /** Options of a fake org; {@link #start()} starts it. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int pageSize = 2;
    private int rateLimit = 600;
    private boolean dpopRequired;
    private Duration tokenLifetime = Duration.ofHours(1);

    private Builder() {}

    /** The clock of token expiry, assertion checks and rate-limit windows. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Items per page of every list, whatever {@code limit} asks for; default 2. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /** Requests per minute per family (token, users, groups); default 600. */
    public Builder rateLimit(int perMinute) {
      this.rateLimit = perMinute;
      return this;
    }

    /** Whether the service app requires DPoP, as new Okta API service apps do by default. */
    public Builder dpopRequired(boolean dpopRequired) {
      this.dpopRequired = dpopRequired;
      return this;
    }

    /** How long access tokens live; Okta's are fixed at one hour (the default). */
    public Builder tokenLifetime(Duration tokenLifetime) {
      this.tokenLifetime = Objects.requireNonNull(tokenLifetime);
      return this;
    }

    public FakeOkta start() {
      return new FakeOkta(this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private FakeOkta(Builder b) {
    this.clock = b.clock;
    this.limit = b.rateLimit;
    this.auth = new OktaAuthServer(b.clock);
    auth.dpopRequired = b.dpopRequired;
    auth.tokenLifetime = b.tokenLifetime;
    directory.pageSize = b.pageSize;
    this.server = FakeHttpServer.builder().name("fake-okta").clock(b.clock).start(this::respond);
  }

  /** The org URL, e.g. {@code http://127.0.0.1:54321}. */
  public String orgUrl() {
    return server.baseUrl();
  }

  /** The org authorization server's token endpoint. */
  public String tokenUrl() {
    return orgUrl() + "/oauth2/v1/token";
  }

  /** The server, for recorded requests and faults. */
  public FakeHttpServer server() {
    return server;
  }

  // ---------------------------------------------------------------- auth

  /** Registers an API service app: its public key and the Okta API scopes granted to it. */
  public synchronized void registerClient(String clientId, JWK publicKey, String... scopes) {
    auth.client(clientId, publicKey, Set.of(scopes));
  }

  /** Accepts {@code Authorization: SSWS token} on API calls (with every right). */
  public synchronized void registerSswsToken(String token) {
    auth.ssws(token);
  }

  /** Switches the DPoP requirement of the token endpoint. */
  public synchronized void dpopRequired(boolean required) {
    auth.dpopRequired = required;
  }

  /**
   * Makes API calls demand the server's DPoP nonce too ({@code 401} with {@code WWW-Authenticate:
   * DPoP error="use_dpop_nonce"} and a {@code DPoP-Nonce} header), which Okta may start doing.
   */
  public synchronized void apiNonceRequired(boolean required) {
    auth.apiNonceRequired = required;
  }

  /** Issues a new DPoP nonce; proofs carrying the old one are answered {@code use_dpop_nonce}. */
  public synchronized void rotateNonce() {
    auth.rotateNonce();
  }

  /** Ends every access token issued so far, as if its hour had passed. */
  public synchronized void expireTokens() {
    auth.expireTokens();
  }

  /** How many access tokens the token endpoint issued. */
  public synchronized int tokensIssued() {
    return auth.tokensIssued;
  }

  /** How many client assertions were refused for a {@code jti} seen before. */
  public synchronized int replayRefusals() {
    return auth.replayRefusals;
  }

  // ---------------------------------------------------------------- directory

  /** Adds an ACTIVE user whose email is its login; returns its id. */
  public String addUser(String login) {
    return addUser(login, "ACTIVE");
  }

  /** Adds a user with a status (ACTIVE, DEPROVISIONED, SUSPENDED, …); returns its id. */
  public synchronized String addUser(String login, String status) {
    String id = OktaDirectory.newId("00u");
    directory.put(new OktaDirectory.User(id, login, login, status));
    return id;
  }

  /** Changes a user's login (and email), as an admin renaming a person would. */
  public synchronized void renameUser(String id, String newLogin) {
    OktaDirectory.User u = existing(id);
    directory.put(new OktaDirectory.User(id, newLogin, newLogin, u.status()));
  }

  /** Sets a user's status, e.g. {@code DEPROVISIONED} for a deactivated user. */
  public synchronized void setStatus(String id, String status) {
    OktaDirectory.User u = existing(id);
    directory.put(new OktaDirectory.User(id, u.login(), u.email(), status));
  }

  /** Deletes a user and its memberships. */
  public synchronized void deleteUser(String id) {
    directory.users.remove(id);
    directory.members.values().forEach(s -> s.remove(id));
  }

  /** Adds an {@code OKTA_GROUP}; returns its id. */
  public String addGroup(String name) {
    return addGroup(name, "OKTA_GROUP");
  }

  /** Adds a group of a type ({@code OKTA_GROUP}, {@code APP_GROUP}, {@code BUILT_IN}). */
  public synchronized String addGroup(String name, String type) {
    String id = OktaDirectory.newId("00g");
    directory.groups.put(id, new OktaDirectory.Group(id, name, type));
    return id;
  }

  /**
   * Adds an {@code OKTA_GROUP} with a chosen id, so a policy written before the fake starts can
   * name it.
   */
  public synchronized void addGroupWithId(String id, String name) {
    if (directory.groups.containsKey(id)) {
      throw new IllegalArgumentException("group " + id + " exists");
    }
    directory.groups.put(id, new OktaDirectory.Group(id, name, "OKTA_GROUP"));
  }

  /** Deletes a group and its memberships. */
  public synchronized void deleteGroup(String id) {
    directory.groups.remove(id);
    directory.members.remove(id);
  }

  /** Adds a member directly, as an admin in the console would. */
  public synchronized void addMember(String groupId, String userId) {
    directory.members.computeIfAbsent(groupId, k -> new TreeSet<>()).add(userId);
  }

  /** The logins of a group's members, sorted. */
  public synchronized Set<String> memberLogins(String groupId) {
    Set<String> out = new TreeSet<>();
    for (String uid : directory.members.getOrDefault(groupId, new TreeSet<>())) {
      out.add(directory.users.get(uid).login());
    }
    return out;
  }

  /** The ids of a group's members, sorted. */
  public synchronized Set<String> memberIds(String groupId) {
    return Set.copyOf(directory.members.getOrDefault(groupId, new TreeSet<>()));
  }

  /** How often a user's sessions were cleared. */
  public synchronized int sessionsCleared(String userId) {
    return directory.sessionsCleared.getOrDefault(userId, 0);
  }

  // ---------------------------------------------------------------- rate limits

  /**
   * Uses up a rate-limit family ({@code token}, {@code users}, {@code groups}) until {@code
   * resetAt}: every call of it is answered 429 before then.
   */
  public synchronized void exhaustRateLimit(String family, Instant resetAt) {
    Bucket b = bucket(family);
    b.remaining = 0;
    b.resetAt = resetAt;
  }

  /** The requests received that match, e.g. {@code Match.pathStartsWith("/api/v1/groups/")}. */
  public int count(Predicate<RecordedRequest> matching) {
    return server.count(matching);
  }

  /** Every request received. */
  public int calls() {
    return server.requests().size();
  }

  @Override
  public void close() {
    server.close();
  }

  // ---------------------------------------------------------------- serving

  private OktaDirectory.User existing(String id) {
    OktaDirectory.User u = directory.users.get(id);
    if (u == null) {
      throw new IllegalArgumentException("no user " + id);
    }
    return u;
  }

  private Bucket bucket(String family) {
    Bucket b = buckets.computeIfAbsent(family, f -> new Bucket());
    Instant now = clock.instant();
    if (b.resetAt == null || !now.isBefore(b.resetAt)) {
      b.remaining = limit;
      b.resetAt = now.plus(WINDOW);
    }
    return b;
  }

  private static String family(String path) {
    if (path.startsWith("/oauth2/")) {
      return "token";
    }
    return path.startsWith("/api/v1/groups") ? "groups" : "users";
  }

  private synchronized FakeResponse respond(RecordedRequest r) {
    Bucket b = bucket(family(r.path()));
    FakeResponse answer;
    if (b.remaining <= 0) {
      answer =
          OktaErrors.api(429, "E0000047", "API call exceeded rate limit due to too many requests.");
    } else {
      b.remaining--;
      answer = dispatch(r);
    }
    return answer
        .withHeader("X-Rate-Limit-Limit", Integer.toString(limit))
        .withHeader("X-Rate-Limit-Remaining", Integer.toString(b.remaining))
        .withHeader("X-Rate-Limit-Reset", Long.toString(b.resetAt.getEpochSecond()));
  }

  private FakeResponse dispatch(RecordedRequest r) {
    String base = orgUrl();
    String path = r.path();
    String method = r.method().toUpperCase(java.util.Locale.ROOT);
    if (path.equals("/oauth2/v1/token") && method.equals("POST")) {
      return auth.token(r, tokenUrl());
    }
    if (!path.startsWith("/api/v1/")) {
      return OktaErrors.notFound(path);
    }
    String[] s = path.substring("/api/v1/".length()).split("/", -1);
    String scope = null;
    if (s[0].equals("users") && s.length == 2 && method.equals("GET")) {
      scope = USERS_READ;
    } else if (s[0].equals("users") && s.length == 3 && s[2].equals("groups")) {
      scope = method.equals("GET") ? USERS_READ : null;
    } else if (s[0].equals("users") && s.length == 3 && s[2].equals("sessions")) {
      scope = method.equals("DELETE") ? USERS_MANAGE : null;
    } else if (s[0].equals("groups") && (s.length == 2 || s.length == 3)) {
      scope = method.equals("GET") ? "okta.groups.read" : null;
    } else if (s[0].equals("groups") && s.length == 4 && s[2].equals("users")) {
      scope = method.equals("PUT") || method.equals("DELETE") ? GROUPS_MANAGE : null;
    }
    if (scope == null) {
      return OktaErrors.api(
          405, "E0000022", "The endpoint does not support the provided HTTP method");
    }
    var denied = auth.authenticate(r, scope, base + path);
    if (denied.isPresent()) {
      return denied.get();
    }
    if (s[0].equals("users")) {
      if (s.length == 2) {
        return directory.getUser(s[1]);
      }
      return s[2].equals("groups")
          ? directory.userGroups(r, base, s[1])
          : directory.clearSessions(s[1]);
    }
    if (s.length == 2) {
      return directory.getGroup(s[1]);
    }
    if (s.length == 3) {
      return directory.groupUsers(r, base, s[1]);
    }
    return directory.membership(method, s[1], s[3]);
  }
}
