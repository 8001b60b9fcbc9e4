package dev.jit.okta.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.spi.BackendException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Okta calls of the group backend: exact user lookup by login, membership add and remove,
 * member lists, session clearing. Says what Okta answered; deciding what "gone" means is the
 * backend's.
 */
public final class Directory {

  /** A user as Okta reports it; {@code login} as Okta spells it. */
  public record User(String id, String login, String status) {}

  private final OktaApi api;

  public Directory(OktaApi api) {
    this.api = api;
  }

  /**
   * The user with exactly this login ({@code GET /api/v1/users/{login}}, strongly consistent,
   * unlike search); empty when Okta has none.
   */
  public Optional<User> byLogin(String login) {
    if (login.contains("/")) {
      throw BackendException.permanent(
          "Okta logins containing '/' cannot be looked up by login: '" + login + "'");
    }
    OktaHttp.Answer a =
        api.call("GET", api.uri("/api/v1/users/" + enc(login)), "looking up user " + login);
    if (a.status() == 404) {
      return Optional.empty();
    }
    expect(a, 200, "looking up user " + login);
    return Optional.of(user(OktaApi.json(a)));
  }

  /** Adds the member; false when Okta answers 404 (the group or the user does not exist). */
  public boolean add(String groupId, String userId, String login) {
    String what = "adding " + login + " to group " + groupId;
    OktaHttp.Answer a = api.call("PUT", membership(groupId, userId), what);
    if (a.status() == 404) {
      return false;
    }
    expect(a, 204, what);
    return true;
  }

  /** Removes the member; false when Okta answers 404 (group or user gone: nothing to remove). */
  public boolean remove(String groupId, String userId, String login) {
    String what = "removing " + login + " from group " + groupId;
    OktaHttp.Answer a = api.call("DELETE", membership(groupId, userId), what);
    if (a.status() == 404) {
      return false;
    }
    expect(a, 204, what);
    return true;
  }

  /** Every member of the group, all pages; empty when the group does not exist. */
  public Optional<List<User>> members(String groupId) {
    try {
      List<User> users = new ArrayList<>();
      for (JsonNode n :
          api.list(
              api.uri("/api/v1/groups/" + enc(groupId) + "/users?limit=200"),
              "listing the members of group " + groupId)) {
        users.add(user(n));
      }
      return Optional.of(users);
    } catch (OktaApi.NotFound e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw BackendException.permanent(
          "listing the members of group " + groupId + ": " + e.getMessage());
    }
  }

  /** Ends the user's Okta sessions and Okta-issued tokens; a user gone has none. */
  public void clearSessions(String userId, String login) {
    String what = "clearing the Okta sessions of " + login;
    OktaHttp.Answer a =
        api.call(
            "DELETE", api.uri("/api/v1/users/" + enc(userId) + "/sessions?oauthTokens=true"), what);
    if (a.status() != 404) {
      expect(a, 204, what);
    }
  }

  private java.net.URI membership(String groupId, String userId) {
    return api.uri("/api/v1/groups/" + enc(groupId) + "/users/" + enc(userId));
  }

  private static void expect(OktaHttp.Answer a, int status, String what) {
    if (a.status() != status && !(status == 204 && a.status() == 200)) {
      throw BackendException.permanent(
          what + ": Okta answered " + a.status() + " " + OktaApi.code(a));
    }
  }

  private static User user(JsonNode n) {
    return new User(
        n.path("id").asText(), n.path("profile").path("login").asText(), n.path("status").asText());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
