package dev.jit.aws.testkit;

import dev.jit.http.testkit.FakeResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * IAM groups and their members over the Query protocol: AddUserToGroup, RemoveUserFromGroup,
 * GetGroup (members, paged with Marker) and ListGroupsForUser. Users must exist in {@code users}.
 * Guarded by its own monitor.
 */
final class IamGroups {
  static final Set<String> ACTIONS =
      Set.of("AddUserToGroup", "RemoveUserFromGroup", "GetGroup", "ListGroupsForUser");

  private final FakeAws.Settings settings;
  private final Predicate<String> userExists;
  private final Map<String, Set<String>> groups = new TreeMap<>();

  IamGroups(FakeAws.Settings settings, Predicate<String> userExists) {
    this.settings = settings;
    this.userExists = userExists;
  }

  synchronized void group(String name) {
    groups.putIfAbsent(name, new LinkedHashSet<>());
  }

  synchronized Set<String> members(String group) {
    Set<String> m = groups.get(group);
    return m == null ? Set.of() : Set.copyOf(m);
  }

  synchronized void add(String group, String user) {
    groups.computeIfAbsent(group, k -> new LinkedHashSet<>()).add(user);
  }

  synchronized FakeResponse handle(String action, Function<String, String> param) {
    switch (action) {
      case "AddUserToGroup" -> {
        members(param).add(user(param));
        return AwsWire.xml(action, Iam.NS, null);
      }
      case "RemoveUserFromGroup" -> {
        String user = user(param);
        if (!members(param).remove(user)) {
          throw new AwsError(404, "NoSuchEntity", "The user " + user + " is not in the group.");
        }
        return AwsWire.xml(action, Iam.NS, null);
      }
      case "GetGroup" -> {
        String group = Iam.required(param, "GroupName");
        List<String> items = new ArrayList<>();
        for (String u : members(param)) {
          items.add(
              "<member>"
                  + AwsWire.tag("Path", "/")
                  + AwsWire.tag("UserName", u)
                  + AwsWire.tag("UserId", "AIDA" + Integer.toHexString(u.hashCode()).toUpperCase())
                  + AwsWire.tag("Arn", "arn:aws:iam::" + FakeAws.ACCOUNT + ":user/" + u)
                  + AwsWire.tag("CreateDate", "2026-01-01T00:00:00Z")
                  + "</member>");
        }
        String groupXml = "<Group>" + groupFields(group) + "</Group>";
        return AwsWire.xml(action, Iam.NS, groupXml + page("Users", items, param));
      }
      case "ListGroupsForUser" -> {
        String user = user(param);
        List<String> items = new ArrayList<>();
        groups.forEach(
            (g, m) -> {
              if (m.contains(user)) {
                items.add("<member>" + groupFields(g) + "</member>");
              }
            });
        return AwsWire.xml(action, Iam.NS, page("Groups", items, param));
      }
      default -> throw new AwsError(400, "InvalidAction", "unsupported action " + action);
    }
  }

  private static String groupFields(String group) {
    return AwsWire.tag("Path", "/")
        + AwsWire.tag("GroupName", group)
        + AwsWire.tag("GroupId", "AGPA" + Integer.toHexString(group.hashCode()).toUpperCase())
        + AwsWire.tag("Arn", "arn:aws:iam::" + FakeAws.ACCOUNT + ":group/" + group)
        + AwsWire.tag("CreateDate", "2026-01-01T00:00:00Z");
  }

  private String page(String field, List<String> items, Function<String, String> param) {
    String max = param.apply("MaxItems");
    Paging.Window w =
        Paging.window(
            param.apply("Marker"), max == null ? null : Integer.valueOf(max), settings, 1000);
    int from = w.emptyLead() ? 0 : w.from();
    int end = w.emptyLead() ? 0 : Math.min(items.size(), from + w.size());
    StringBuilder out = new StringBuilder("<" + field + ">");
    for (int i = from; i < end; i++) {
      out.append(items.get(i));
    }
    out.append("</").append(field).append(">");
    boolean more = w.emptyLead() || end < items.size();
    out.append(AwsWire.tag("IsTruncated", String.valueOf(more)));
    if (more) {
      out.append(AwsWire.tag("Marker", "t" + end));
    }
    return out.toString();
  }

  private Set<String> members(Function<String, String> param) {
    String group = Iam.required(param, "GroupName");
    Set<String> m = groups.get(group);
    if (m == null) {
      throw new AwsError(404, "NoSuchEntity", "The group with name " + group + " cannot be found.");
    }
    return m;
  }

  private String user(Function<String, String> param) {
    String user = Iam.required(param, "UserName");
    if (!userExists.test(user)) {
      throw new AwsError(404, "NoSuchEntity", "The user with name " + user + " cannot be found.");
    }
    return user;
  }
}
