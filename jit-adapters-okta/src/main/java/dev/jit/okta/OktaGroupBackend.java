package dev.jit.okta;

import dev.jit.okta.internal.Credentials;
import dev.jit.okta.internal.Directory;
import dev.jit.okta.internal.OktaApi;
import dev.jit.okta.internal.OktaHttp;
import dev.jit.okta.internal.RateLimited;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.StepRules;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership of jit-managed Okta groups: step target {@code {groupId: 00g…}}, principal an Okta
 * login ({@code okta-login} or {@code email} in policy), lower-cased. Made by {@link
 * OktaGroupBackendFactory}.
 *
 * <p>Grant looks the user up by exact login ({@code GET /api/v1/users/{login}}, strongly
 * consistent), refuses DEPROVISIONED and SUSPENDED users, and adds the member ({@code PUT}); the id
 * is cached, so a revoke after the user was renamed or deactivated still removes that id. Without a
 * cached id, revoke looks the login up, then in the group's member list; a user or group that no
 * longer exists counts as revoked. Check and {@link #holdings} read the managed groups' member
 * lists (all pages) and nothing else: groups outside the configuration are never read or changed.
 *
 * <p>Rate limits: calls are held back while the remaining share of Okta's limit is below the
 * reserve, and none is sent before the reset after a 429. A grant held back that way is queued in
 * this process and {@link #check} answers {@link GrantCheck#PENDING} until it could be sent, so the
 * engine waits on its timers; a restarted jit has lost the queue and the engine's check then finds
 * the access absent and fails closed. Revoke and holdings throw a retryable {@link
 * BackendException} instead. Thread-safe; operations on one (group, login) are serialised.
 */
public final class OktaGroupBackend implements GrantBackend {
  private static final Logger LOG = LoggerFactory.getLogger(OktaGroupBackend.class);
  private static final Set<String> NOT_GRANTABLE = Set.of("DEPROVISIONED", "SUSPENDED");

  private record Tuple(String groupId, String login) {}

  private final String name;
  private final Set<String> groups;
  private final StepRules rules;
  private final OktaHttp http;
  private final Directory directory;
  private final boolean clearSessions;
  private final Map<String, String> userIds = new ConcurrentHashMap<>();
  private final Set<Tuple> queuedGrants = ConcurrentHashMap.newKeySet();
  private final Set<Tuple> verifying = ConcurrentHashMap.newKeySet();
  private final Object[] locks = new Object[64];

  OktaGroupBackend(String name, OktaGroupConfig config, OktaHttp http, Credentials credentials) {
    this.name = name;
    this.groups = Set.copyOf(config.groupIds());
    this.rules = stepRules(config.groupIds());
    this.http = http;
    this.directory = new Directory(new OktaApi(http, credentials, "okta backend '" + name + "'"));
    this.clearSessions = config.clearSessionsOnRevoke();
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** Target {@code groupId} within the managed groups; principals of kind okta-login or email. */
  static StepRules stepRules(Set<String> groups) {
    return StepRules.builder()
        .require("groupId")
        .principalKinds("okta-login", "email")
        .scope("groupId", new LinkedHashSet<>(groups), "group")
        .build();
  }

  @Override
  public String type() {
    return name;
  }

  @Override
  public StepRules stepRules() {
    return rules;
  }

  @Override
  public String canonicalPrincipal(String principal) {
    return principal.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public void grant(Grant grant) {
    Tuple t = tuple(grant);
    synchronized (lock(t)) {
      try {
        doGrant(t);
        queuedGrants.remove(t);
      } catch (RateLimited e) {
        queuedGrants.add(t);
        LOG.info(
            "{}: Okta rate limit; adding {} to {} after {}",
            name,
            t.login,
            t.groupId,
            e.notBefore());
      }
      verifying.add(t);
    }
  }

  @Override
  public void revoke(Grant grant) {
    Tuple t = tuple(grant);
    synchronized (lock(t)) {
      queuedGrants.remove(t);
      doRevoke(t);
      verifying.add(t);
    }
  }

  @Override
  public GrantCheck check(Grant grant) {
    Tuple t = tuple(grant);
    synchronized (lock(t)) {
      if (queuedGrants.contains(t)) {
        try {
          doGrant(t);
          queuedGrants.remove(t);
        } catch (RateLimited e) {
          return GrantCheck.PENDING;
        }
      }
      try {
        GrantCheck check = isMember(t) ? GrantCheck.HELD : GrantCheck.ABSENT;
        verifying.remove(t);
        return check;
      } catch (RateLimited e) {
        if (verifying.contains(t)) {
          return GrantCheck.PENDING;
        }
        throw e;
      }
    }
  }

  @Override
  public Optional<Set<GrantStep>> holdings() {
    Set<GrantStep> held = new HashSet<>();
    for (String groupId : groups) {
      directory
          .members(groupId)
          .ifPresent(
              members -> {
                for (Directory.User u : members) {
                  String login = canonicalPrincipal(u.login());
                  userIds.put(login, u.id());
                  held.add(new GrantStep(name, Map.of("groupId", groupId), login));
                }
              });
    }
    return Optional.of(Set.copyOf(held));
  }

  @Override
  public void close() {
    http.close();
  }

  private void doGrant(Tuple t) {
    Directory.User user =
        directory
            .byLogin(t.login)
            .orElseThrow(
                () -> BackendException.permanent("Okta has no user with login " + t.login));
    if (NOT_GRANTABLE.contains(user.status())) {
      throw BackendException.permanent(
          "Okta user " + t.login + " is " + user.status() + "; jit grants only to active users");
    }
    userIds.put(t.login, user.id());
    if (!directory.add(t.groupId, user.id(), t.login)) {
      throw BackendException.permanent(
          "Okta has no group " + t.groupId + " (or user " + t.login + " was just deleted)");
    }
  }

  private void doRevoke(Tuple t) {
    String cached = userIds.get(t.login);
    String id =
        cached != null ? cached : directory.byLogin(t.login).map(Directory.User::id).orElse(null);
    if (id == null) {
      id = memberIdOf(t).orElse(null);
    }
    if (id == null) {
      return; // no such user, no such member: nothing to remove
    }
    boolean removed = directory.remove(t.groupId, id, t.login);
    if (!removed && cached != null) {
      // The cached user is gone; a new user may hold the login now.
      userIds.remove(t.login, cached);
      Optional<Directory.User> now = directory.byLogin(t.login);
      if (now.isPresent() && !now.get().id().equals(cached)) {
        userIds.put(t.login, now.get().id());
        removed = directory.remove(t.groupId, now.get().id(), t.login);
        id = now.get().id();
      }
    }
    if (removed && clearSessions) {
      directory.clearSessions(id, t.login);
    }
  }

  private boolean isMember(Tuple t) {
    String id = userIds.get(t.login);
    if (id == null) {
      id = directory.byLogin(t.login).map(Directory.User::id).orElse(null);
      if (id != null) {
        userIds.put(t.login, id);
      }
    }
    Optional<List<Directory.User>> members = directory.members(t.groupId);
    if (members.isEmpty()) {
      return false;
    }
    for (Directory.User u : members.get()) {
      if (id != null ? u.id().equals(id) : canonicalPrincipal(u.login()).equals(t.login)) {
        return true;
      }
    }
    return false;
  }

  private Optional<String> memberIdOf(Tuple t) {
    return directory.members(t.groupId).orElse(List.of()).stream()
        .filter(u -> canonicalPrincipal(u.login()).equals(t.login))
        .map(Directory.User::id)
        .findFirst();
  }

  private Tuple tuple(Grant grant) {
    String groupId = grant.step().target().get("groupId");
    if (groupId == null || !groups.contains(groupId)) {
      throw BackendException.permanent(
          "group "
              + groupId
              + " is not managed by okta backend '"
              + name
              + "' (managed: "
              + new java.util.TreeSet<>(groups)
              + ")");
    }
    return new Tuple(groupId, canonicalPrincipal(grant.step().principal()));
  }

  private Object lock(Tuple t) {
    return locks[Math.floorMod(t.hashCode(), locks.length)];
  }
}
