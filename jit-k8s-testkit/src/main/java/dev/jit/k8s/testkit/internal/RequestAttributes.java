package dev.jit.k8s.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server's authorizer sees of one request: the verb, the resource and where it is, as
 * derived from the method and the path ({@code
 * /apis/<group>/<version>/namespaces/<ns>/<resource>/<name>}).
 *
 * @param verb {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code
 *     patch}, {@code delete} or {@code deletecollection}
 * @param group the API group, empty for the core group
 * @param resource the plural resource name; empty for non-resource paths ({@code /version})
 * @param namespace the namespace, empty for cluster-scoped requests
 * @param name the object's name, empty for collections
 * @param query the decoded query parameters
 */
public record RequestAttributes(
    String verb,
    String group,
    String resource,
    String namespace,
    String name,
    Map<String, String> query) {

  public RequestAttributes {
    query = Map.copyOf(query);
  }

  /** The attributes of {@code method path}; empty for paths that name no resource. */
  public static Optional<RequestAttributes> parse(String method, String path) {
    int q = path.indexOf('?');
    String rawPath = q < 0 ? path : path.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(path.substring(q + 1));
    List<String> parts =
        java.util.Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return Optional.empty();
    }
    String namespace = "";
    String resource;
    String name = "";
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      resource = rest.get(2);
      name = rest.size() >= 4 ? rest.get(3) : "";
    } else {
      resource = rest.get(0);
      name = rest.size() >= 2 ? rest.get(1) : "";
    }
    String verb =
        switch (method.toUpperCase(java.util.Locale.ROOT)) {
          case "GET" -> name.isEmpty() ? (isWatch(query) ? "watch" : "list") : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return Optional.of(new RequestAttributes(verb, group, resource, namespace, name, query));
  }

  /** Whether this is a request on RoleBindings or ClusterRoleBindings. */
  public boolean isBinding() {
    return group.equals("rbac.authorization.k8s.io")
        && (resource.equals("rolebindings") || resource.equals("clusterrolebindings"));
  }

  private static boolean isWatch(Map<String, String> query) {
    String w = query.get("watch");
    return w != null && (w.equals("true") || w.equals("1"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(decode(k), decode(v));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
