package dev.jit.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.User;
import dev.jit.slack.internal.AckBudget;
import dev.jit.slack.internal.SlackCalls;
import dev.jit.slack.internal.SlackCalls.SlackFailure;
import dev.jit.spi.Directory;
import dev.jit.spi.GroupId;
import dev.jit.spi.JitException;
import dev.jit.spi.UserId;
import dev.jit.spi.UserProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The Slack workspace as jit's {@link Directory}: people from {@code users.info}, group members
 * from {@code usergroups.users.list}.
 *
 * <p>A person is active unless Slack marks them {@code deleted}, {@code is_bot}, {@code
 * is_restricted} (multi-channel guest) or {@code is_ultra_restricted} (single-channel guest). Their
 * identities are {@code email} from the profile (needs the {@code users:read.email} scope) plus
 * whatever the embedder maps statically for that user ({@code db-user}, {@code okta-login}, …; a
 * static entry wins over the profile's email).
 *
 * <p>Answers are cached for a bounded time ({@link #DEFAULT_TTL} unless set), by the given clock,
 * so someone who is deactivated stops counting within that time. A Slack failure throws {@link
 * JitException} and is not cached: the engine fails closed.
 *
 * <p>Before a listener's ack (inside an {@link AckBudget}) a lookup never waits: it is tried once,
 * a 429 fails it at once, and it is abandoned (interrupted) when the budget is spent, so the engine
 * fails closed and the person is told to try again within Slack's 3 s instead of hearing nothing.
 * Elsewhere (after the ack, timers, sweeps) HTTP 429 is retried as {@link RateLimitRetry} says, on
 * the calling thread. Thread-safe.
 */
public final class SlackDirectory implements Directory {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** Entries kept at most; beyond it the cache starts over (a bound, not an eviction policy). */
  static final int MAX_ENTRIES = 10_000;

  /** Lookups made before an ack run on at most this many threads, with this many waiting. */
  private static final int LOOKUP_THREADS = 8;

  private static final int LOOKUP_QUEUE = 64;

  private final MethodsClient methods;
  private final Map<UserId, Map<String, String>> staticIdentities;
  private final Clock clock;
  private final Duration ttl;
  private final SlackCalls calls;
  private final SlackCalls once;
  private final ThreadPoolExecutor lookups;
  private final Map<UserId, Cached<Optional<UserProfile>>> users = new ConcurrentHashMap<>();
  private final Map<GroupId, Cached<Set<UserId>>> groups = new ConcurrentHashMap<>();

  private record Cached<T>(T value, Instant at) {}

  private SlackDirectory(Builder b) {
    this.methods = b.methods;
    this.staticIdentities = b.staticIdentities;
    this.clock = b.clock;
    this.ttl = b.ttl;
    this.calls = new SlackCalls(b.retry);
    this.once = new SlackCalls(b.retry.withMaxAttempts(1));
    this.lookups = AckBudget.pool("jit-slack-lookup", LOOKUP_THREADS, LOOKUP_QUEUE);
  }

  /** A builder for a directory that asks Slack through {@code methods} (a bot-token client). */
  public static Builder builder(MethodsClient methods) {
    return new Builder(methods);
  }

  @Override
  public Optional<UserProfile> user(UserId id) {
    Objects.requireNonNull(id, "id");
    return cached(users, id, () -> lookUp(id));
  }

  @Override
  public Set<UserId> members(GroupId group) {
    Objects.requireNonNull(group, "group");
    return cached(groups, group, () -> membersOf(group));
  }

  private Optional<UserProfile> lookUp(UserId id) {
    User user;
    try {
      user = call("users.info", () -> methods.usersInfo(r -> r.user(id.value()))).getUser();
    } catch (SlackFailure e) {
      if ("user_not_found".equals(e.error())) {
        return Optional.empty();
      }
      throw new JitException("cannot look up Slack user " + id + ": " + e.error(), e);
    }
    if (user == null) {
      return Optional.empty();
    }
    boolean active =
        !user.isDeleted() && !user.isBot() && !user.isRestricted() && !user.isUltraRestricted();
    Map<String, String> identities = new HashMap<>();
    Optional.ofNullable(user.getProfile())
        .map(User.Profile::getEmail)
        .filter(e -> !e.isBlank())
        .ifPresent(e -> identities.put("email", e));
    identities.putAll(staticIdentities.getOrDefault(id, Map.of()));
    return Optional.of(new UserProfile(id, active, identities));
  }

  private Set<UserId> membersOf(GroupId group) {
    try {
      var users =
          call(
                  "usergroups.users.list",
                  () -> methods.usergroupsUsersList(r -> r.usergroup(group.value())))
              .getUsers();
      Set<UserId> members = new LinkedHashSet<>();
      if (users != null) {
        users.forEach(u -> members.add(new UserId(u)));
      }
      return Set.copyOf(members);
    } catch (SlackFailure e) {
      if ("no_such_subteam".equals(e.error())) {
        return Set.of();
      }
      throw new JitException(
          "cannot list members of Slack user group " + group + ": " + e.error(), e);
    }
  }

  /**
   * One Web API call: retried on 429 outside an ack budget; inside one, tried once and given up
   * when the budget is spent ({@code deadline}).
   */
  private <T extends com.slack.api.methods.SlackApiTextResponse> T call(
      String method, SlackCalls.Call<T> call) {
    if (AckBudget.remaining().isEmpty()) {
      return calls.call(method, call);
    }
    return AckBudget.within(lookups, method, () -> once.call(method, call));
  }

  private <K, V> V cached(Map<K, Cached<V>> cache, K key, Supplier<V> load) {
    Instant now = clock.instant();
    Cached<V> hit = cache.get(key);
    if (hit != null && now.isBefore(hit.at().plus(ttl)) && !now.isBefore(hit.at())) {
      return hit.value();
    }
    V value = load.get();
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(key, new Cached<>(value, now));
    return value;
  }

  /** Builds a {@link SlackDirectory}. */
  public static final class Builder {
    private final MethodsClient methods;
    private Map<UserId, Map<String, String>> staticIdentities = Map.of();
    private Clock clock = Clock.systemUTC();
    private Duration ttl = DEFAULT_TTL;
    private RateLimitRetry retry = RateLimitRetry.ofDefaults();

    private Builder(MethodsClient methods) {
      this.methods = Objects.requireNonNull(methods, "methods");
    }

    /**
     * Identities Slack does not know, per user and kind, e.g. {@code U123 → {db-user: alice,
     * okta-login: alice@example.com}}.
     */
    public Builder staticIdentities(Map<UserId, Map<String, String>> identities) {
      Map<UserId, Map<String, String>> copy = new HashMap<>();
      identities.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Map.copyOf(v)));
      this.staticIdentities = Map.copyOf(copy);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long an answer is reused; zero disables the cache. At most one day. */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("ttl must be between 0 and 1 day");
      }
      this.ttl = ttl;
      return this;
    }

    public Builder rateLimitRetry(RateLimitRetry retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    public SlackDirectory build() {
      return new SlackDirectory(this);
    }
  }
}
