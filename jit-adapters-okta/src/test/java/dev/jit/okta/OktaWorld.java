package dev.jit.okta;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.jit.okta.testkit.FakeOkta;
import dev.jit.spi.BackendContext;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.testkit.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One fake Okta org with a registered service app, managed groups and users, and backends made
 * through the factory as the reference app makes them. Tests move {@link #clock}.
 */
final class OktaWorld implements AutoCloseable {
  static final String CLIENT_ID = "0oajitservice00000001";
  static final String KEY_ENV = "OKTA_JIT_KEY";
  static final String NAME = "okta-prod";

  /** The first managed group, with a fixed id so policies can name it. */
  static final String PAYMENTS = "00gJitPayments000001";

  final MutableClock clock;
  final FakeOkta okta;
  final RSAKey key;
  final List<String> managed = new ArrayList<>();
  final String unmanaged;
  final Map<String, String> env = new HashMap<>();

  OktaWorld() {
    this(b -> b);
  }

  OktaWorld(UnaryOperator<FakeOkta.Builder> options) {
    this(MutableClock.at(Instant.parse("2026-11-25T09:00:00Z")), options);
  }

  /** A world on {@code clock}, an engine world's, so engine and fake share one time. */
  OktaWorld(MutableClock clock) {
    this(clock, b -> b);
  }

  OktaWorld(MutableClock clock, UnaryOperator<FakeOkta.Builder> options) {
    this.clock = clock;
    okta = options.apply(FakeOkta.builder().clock(clock).dpopRequired(true)).start();
    key = newKey("jit-key-1");
    okta.registerClient(
        CLIENT_ID,
        key.toPublicJWK(),
        FakeOkta.GROUPS_MANAGE,
        FakeOkta.USERS_READ,
        FakeOkta.USERS_MANAGE);
    env.put(KEY_ENV, key.toJSONString());
    okta.addGroupWithId(PAYMENTS, "jit-payments");
    managed.add(PAYMENTS);
    managed.add(okta.addGroup("jit-ops"));
    unmanaged = okta.addGroup("everyone-engineering");
  }

  static RSAKey newKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The configuration a team would write, pointing at the fake. */
  OktaGroupConfig config() {
    return config(c -> c);
  }

  OktaGroupConfig config(UnaryOperator<Map<String, Object>> change) {
    Map<String, Object> c = new HashMap<>();
    c.put("orgUrl", okta.orgUrl());
    c.put("clientId", CLIENT_ID);
    c.put("privateKeyEnv", KEY_ENV);
    c.put("keyId", "jit-key-1");
    c.put("dpop", true);
    c = change.apply(c);
    List<OktaGroupConfig.ManagedGroup> groups = new ArrayList<>();
    for (String id : managed) {
      groups.add(OktaGroupConfig.ManagedGroup.of(id));
    }
    return new OktaGroupConfig(
        (String) c.get("orgUrl"),
        (String) c.get("clientId"),
        (String) c.get("privateKeyFile"),
        (String) c.get("privateKeyEnv"),
        (String) c.get("keyId"),
        (String) c.get("algorithm"),
        groups,
        (Boolean) c.get("dpop"),
        (Integer) c.get("maxConcurrentCalls"),
        (Integer) c.get("rateLimitReservePercent"),
        (String) c.get("sswsTokenEnv"),
        (Boolean) c.get("clearSessionsOnRevoke"),
        null,
        (java.time.Duration) c.get("requestTimeout"),
        null);
  }

  OktaGroupBackend backend() {
    return backend(config());
  }

  OktaGroupBackend backend(OktaGroupConfig config) {
    return backend(config, clock);
  }

  OktaGroupBackend backend(OktaGroupConfig config, Clock backendClock) {
    if (!config.validate().isEmpty()) {
      throw new IllegalArgumentException(config.validate().toString());
    }
    return (OktaGroupBackend)
        new OktaGroupBackendFactory().create(NAME, config, context(backendClock));
  }

  BackendContext context(Clock backendClock) {
    return new BackendContext() {
      @Override
      public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
      }

      @Override
      public Clock clock() {
        return backendClock;
      }

      @Override
      public <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
      }
    };
  }

  static Grant grant(String groupId, String login) {
    return new Grant(
        new RequestId("r-test"),
        new GrantStep(NAME, Map.of("groupId", groupId), login),
        Instant.parse("2026-11-25T10:00:00Z"));
  }

  /** {@code c} with {@code key} set, for {@link #config(UnaryOperator)}. */
  static Map<String, Object> put(Map<String, Object> c, String key, Object value) {
    c.put(key, value);
    return c;
  }

  @Override
  public void close() {
    okta.close();
  }
}
