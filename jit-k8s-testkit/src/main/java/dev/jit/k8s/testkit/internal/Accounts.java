package dev.jit.k8s.testkit.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The fake's identities: bearer tokens, the user each stands for, and that user's rules. */
public final class Accounts {

  /** One identity; {@code admin} holds every permission, as {@code cluster-admin} would. */
  public static final class Account {
    private final String user;
    private final boolean admin;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    Account(String user, boolean admin) {
      this.user = user;
      this.admin = admin;
    }

    public String user() {
      return user;
    }

    public void add(Rule rule) {
      rules.add(rule);
    }

    public void clear() {
      rules.clear();
    }

    /** Whether this identity may {@code verb} the {@code resource} {@code name} in {@code ns}. */
    public boolean allows(String verb, String resource, String ns, String name) {
      return admin || rules.stream().anyMatch(r -> r.allows(verb, resource, ns, name));
    }
  }

  private final Map<String, Account> byToken = new ConcurrentHashMap<>();

  /** Registers {@code token} for {@code user}; a token registered twice keeps its first user. */
  public Account register(String token, String user, boolean admin) {
    return byToken.computeIfAbsent(token, t -> new Account(user, admin));
  }

  /** The identity of an {@code Authorization} header, if it carries a known bearer token. */
  public Optional<Account> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Optional.empty();
    }
    return Optional.ofNullable(byToken.get(authorization.substring("Bearer ".length()).trim()));
  }
}
