package dev.jit.okta.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.RecordedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Users, groups and memberships, and the management API calls on them. Guarded by the {@link
 * FakeOkta}'s monitor.
 */
final class OktaDirectory {
  private static final String ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  record User(String id, String login, String email, String status) {}

  record Group(String id, String name, String type) {}

  final Map<String, User> users = new TreeMap<>();
  final Map<String, Group> groups = new TreeMap<>();
  final Map<String, TreeSet<String>> members = new HashMap<>();
  final Map<String, Integer> sessionsCleared = new HashMap<>();
  int pageSize = 2;

  static String newId(String prefix) {
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < 17; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  User byLogin(String login) {
    for (User u : users.values()) {
      if (u.login().equalsIgnoreCase(login)) {
        return u;
      }
    }
    return null;
  }

  User user(String idOrLogin) {
    User u = users.get(idOrLogin);
    return u != null ? u : byLogin(idOrLogin);
  }

  void put(User u) {
    User other = byLogin(u.login());
    if (other != null && !other.id().equals(u.id())) {
      throw new IllegalArgumentException("login " + u.login() + " is taken by " + other.id());
    }
    users.put(u.id(), u);
  }

  // ---------------------------------------------------------------- API

  FakeResponse getUser(String idOrLogin) {
    User u = user(idOrLogin);
    return u == null ? OktaErrors.notFound(idOrLogin + " (User)") : FakeResponse.json(200, json(u));
  }

  FakeResponse userGroups(RecordedRequest r, String base, String uid) {
    if (!users.containsKey(uid)) {
      return OktaErrors.notFound(uid + " (User)");
    }
    List<String> ids = new ArrayList<>();
    members.forEach(
        (gid, set) -> {
          if (set.contains(uid)) {
            ids.add(gid);
          }
        });
    return page(
        r,
        base + "/api/v1/users/" + uid + "/groups",
        new TreeSet<>(ids),
        id -> json(groups.get(id)));
  }

  FakeResponse clearSessions(String uid) {
    if (!users.containsKey(uid)) {
      return OktaErrors.notFound(uid + " (User)");
    }
    sessionsCleared.merge(uid, 1, Integer::sum);
    return FakeResponse.empty(204);
  }

  FakeResponse getGroup(String gid) {
    Group g = groups.get(gid);
    return g == null ? OktaErrors.notFound(gid + " (UserGroup)") : FakeResponse.json(200, json(g));
  }

  FakeResponse groupUsers(RecordedRequest r, String base, String gid) {
    if (!groups.containsKey(gid)) {
      return OktaErrors.notFound(gid + " (UserGroup)");
    }
    return page(
        r,
        base + "/api/v1/groups/" + gid + "/users",
        members.getOrDefault(gid, new TreeSet<>()),
        id -> json(users.get(id)));
  }

  FakeResponse membership(String method, String gid, String uid) {
    Group g = groups.get(gid);
    if (g == null) {
      return OktaErrors.notFound(gid + " (UserGroup)");
    }
    if (!users.containsKey(uid)) {
      return OktaErrors.notFound(uid + " (User)");
    }
    if (!"OKTA_GROUP".equals(g.type())) {
      return OktaErrors.api(
          400,
          "E0000001",
          "Api validation failed: memberships of a " + g.type() + " cannot be changed by API");
    }
    if (method.equals("PUT")) {
      members.computeIfAbsent(gid, k -> new TreeSet<>()).add(uid);
    } else {
      TreeSet<String> set = members.get(gid);
      if (set != null) {
        set.remove(uid);
      }
    }
    return FakeResponse.empty(204);
  }

  private FakeResponse page(
      RecordedRequest r,
      String url,
      TreeSet<String> ids,
      java.util.function.Function<String, ObjectNode> render) {
    int limit = Math.min(pageSize, Integer.parseInt(r.queryParam("limit").orElse("200")));
    String after = r.queryParam("after").orElse("");
    ArrayNode body = OktaErrors.JSON.createArrayNode();
    String last = null;
    boolean more = false;
    for (String id : after.isEmpty() ? ids : ids.tailSet(after, false)) {
      if (body.size() == limit) {
        more = true;
        break;
      }
      body.add(render.apply(id));
      last = id;
    }
    String query = "?limit=" + limit;
    String links =
        "<" + url + query + (after.isEmpty() ? "" : "&after=" + enc(after)) + ">; rel=\"self\"";
    if (more) {
      // One header, entries comma-separated: the fake-HTTP kit sends one value per header name.
      links += ", <" + url + query + "&after=" + enc(last) + ">; rel=\"next\"";
    }
    return FakeResponse.json(200, body).withHeader("Link", links);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static ObjectNode json(User u) {
    ObjectNode n = OktaErrors.JSON.createObjectNode();
    n.put("id", u.id());
    n.put("status", u.status());
    n.put("created", "2024-01-01T00:00:00.000Z");
    ObjectNode p = n.putObject("profile");
    p.put("login", u.login());
    p.put("email", u.email());
    String name = u.login().split("@")[0];
    p.put("firstName", name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1));
    p.put("lastName", "Example");
    n.putObject("_links");
    return n;
  }

  static ObjectNode json(Group g) {
    ObjectNode n = OktaErrors.JSON.createObjectNode();
    n.put("id", g.id());
    n.put("type", g.type());
    ObjectNode p = n.putObject("profile");
    p.put("name", g.name());
    p.put("description", "");
    n.putObject("_links");
    return n;
  }
}
