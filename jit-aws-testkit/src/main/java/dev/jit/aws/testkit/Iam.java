package dev.jit.aws.testkit;

import dev.jit.http.testkit.FakeResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * IAM users, roles and their inline policies over the Query protocol ({@code Version=2010-05-08}),
 * with the aggregate inline-policy size quotas and URL-encoded documents of the real service.
 * Guarded by its own monitor.
 */
final class Iam {
  static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";
  static final int USER_QUOTA = 2_048;
  static final int ROLE_QUOTA = 10_240;
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

  private final FakeAws.Settings settings;
  private final Map<String, Map<String, String>> users = new TreeMap<>();
  private final Map<String, Map<String, String>> roles = new TreeMap<>();

  Iam(FakeAws.Settings settings) {
    this.settings = settings;
  }

  synchronized void user(String name) {
    users.putIfAbsent(name, new LinkedHashMap<>());
  }

  synchronized boolean userExists(String name) {
    return users.containsKey(name);
  }

  synchronized void role(String name) {
    roles.putIfAbsent(name, new LinkedHashMap<>());
  }

  /** The inline policies of a user ({@code role == false}) or role, name to document. */
  synchronized Map<String, String> policies(boolean role, String name) {
    Map<String, String> p = (role ? roles : users).get(name);
    return p == null ? Map.of() : Map.copyOf(p);
  }

  synchronized void putPolicy(boolean role, String entity, String name, String document) {
    (role ? roles : users).computeIfAbsent(entity, k -> new LinkedHashMap<>()).put(name, document);
  }

  synchronized FakeResponse handle(String action, Function<String, String> param) {
    boolean role = action.contains("Role");
    String entityKey = role ? "RoleName" : "UserName";
    Map<String, Map<String, String>> entities = role ? roles : users;
    switch (action) {
      case "PutUserPolicy", "PutRolePolicy" -> {
        String entity = required(param, entityKey);
        Map<String, String> policies = entity(entities, entity, role);
        String name = policyName(param);
        String document = required(param, "PolicyDocument");
        try {
          AwsWire.MAPPER.readTree(document);
        } catch (java.io.IOException e) {
          throw new AwsError(400, "MalformedPolicyDocument", "The policy is not valid JSON");
        }
        Map<String, String> after = new LinkedHashMap<>(policies);
        after.put(name, document);
        int size = after.values().stream().mapToInt(Iam::nonWhitespace).sum();
        int quota = role ? ROLE_QUOTA : USER_QUOTA;
        if (size > quota) {
          throw new AwsError(
              409,
              "LimitExceeded",
              "Maximum policy size of " + quota + " bytes exceeded for " + entity);
        }
        policies.put(name, document);
        return AwsWire.xml(action, NS, null);
      }
      case "GetUserPolicy", "GetRolePolicy" -> {
        String entity = required(param, entityKey);
        String name = policyName(param);
        String document = entity(entities, entity, role).get(name);
        if (document == null) {
          throw noSuchEntity(
              "The "
                  + (role ? "role" : "user")
                  + " policy with name "
                  + name
                  + " cannot be found.");
        }
        return AwsWire.xml(
            action,
            NS,
            AwsWire.tag(entityKey, entity)
                + AwsWire.tag("PolicyName", name)
                + AwsWire.tag(
                    "PolicyDocument",
                    URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20")));
      }
      case "DeleteUserPolicy", "DeleteRolePolicy" -> {
        String entity = required(param, entityKey);
        String name = policyName(param);
        if (entity(entities, entity, role).remove(name) == null) {
          throw noSuchEntity(
              "The "
                  + (role ? "role" : "user")
                  + " policy with name "
                  + name
                  + " cannot be found.");
        }
        return AwsWire.xml(action, NS, null);
      }
      case "ListUserPolicies", "ListRolePolicies" -> {
        String entity = required(param, entityKey);
        List<String> names = new ArrayList<>(entity(entities, entity, role).keySet());
        String items = param.apply("MaxItems");
        Paging.Window w =
            Paging.window(
                param.apply("Marker"),
                items == null ? null : Integer.valueOf(items),
                settings,
                1000);
        StringBuilder out = new StringBuilder("<PolicyNames>");
        int end = w.emptyLead() ? 0 : Math.min(names.size(), w.from() + w.size());
        for (int i = w.emptyLead() ? 0 : w.from(); i < end; i++) {
          out.append(AwsWire.tag("member", names.get(i)));
        }
        out.append("</PolicyNames>");
        boolean more = w.emptyLead() || end < names.size();
        out.append(AwsWire.tag("IsTruncated", String.valueOf(more)));
        if (more) {
          out.append(AwsWire.tag("Marker", "t" + end));
        }
        return AwsWire.xml(action, NS, out.toString());
      }
      default -> throw new AwsError(400, "InvalidAction", "unsupported action " + action);
    }
  }

  private static Map<String, String> entity(
      Map<String, Map<String, String>> entities, String name, boolean role) {
    Map<String, String> p = entities.get(name);
    if (p == null) {
      throw noSuchEntity(
          "The " + (role ? "role" : "user") + " with name " + name + " cannot be found.");
    }
    return p;
  }

  private static String policyName(Function<String, String> param) {
    String name = required(param, "PolicyName");
    if (!NAME.matcher(name).matches()) {
      throw new AwsError(400, "ValidationError", "PolicyName does not match [\\w+=,.@-]{1,128}");
    }
    return name;
  }

  static String required(Function<String, String> param, String key) {
    String v = param.apply(key);
    if (v == null || v.isEmpty()) {
      throw new AwsError(400, "ValidationError", key + " is required");
    }
    return v;
  }

  private static AwsError noSuchEntity(String message) {
    return new AwsError(404, "NoSuchEntity", message);
  }

  static int nonWhitespace(String s) {
    return (int) s.chars().filter(c -> !Character.isWhitespace(c)).count();
  }
}
