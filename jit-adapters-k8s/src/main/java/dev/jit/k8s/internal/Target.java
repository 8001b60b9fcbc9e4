package dev.jit.k8s.internal;

import dev.jit.spi.BackendException;
import dev.jit.spi.GrantStep;
import java.util.Map;

/**
 * What one grant step binds, in one of three shapes: a Role in a namespace ({@code {namespace,
 * role}}), a ClusterRole inside a namespace ({@code {namespace, clusterRole}}), both by a
 * RoleBinding, or a ClusterRole cluster-wide by a ClusterRoleBinding ({@code {clusterWideRole}}).
 * Cluster-wide grants have a key of their own, so a step that forgets its namespace is refused
 * instead of silently granting the role everywhere.
 *
 * @param namespace the namespace; empty for a ClusterRoleBinding
 * @param roleKind {@code Role} or {@code ClusterRole}
 * @param roleName the role's name
 */
public record Target(String namespace, String roleKind, String roleName) {
  public static final String NAMESPACE = "namespace";
  public static final String ROLE = "role";
  public static final String CLUSTER_ROLE = "clusterRole";
  public static final String CLUSTER_WIDE_ROLE = "clusterWideRole";

  /** Whether this is a ClusterRoleBinding. */
  public boolean clusterWide() {
    return namespace.isEmpty();
  }

  /** The binding's resource kind, for messages. */
  public String bindingKind() {
    return clusterWide() ? "ClusterRoleBinding" : "RoleBinding";
  }

  /** The step's target map, as the engine builds it from policy. */
  public Map<String, String> keys() {
    if (clusterWide()) {
      return Map.of(CLUSTER_WIDE_ROLE, roleName);
    }
    return Map.of(NAMESPACE, namespace, roleKind.equals("Role") ? ROLE : CLUSTER_ROLE, roleName);
  }

  /** "ClusterRole edit in namespace payments-prod", for messages. */
  public String describe() {
    return roleKind
        + " "
        + roleName
        + (clusterWide() ? " cluster-wide" : " in namespace " + namespace);
  }

  /** The target of {@code step}; a permanent failure when its keys are not one of the shapes. */
  public static Target of(GrantStep step) {
    Map<String, String> t = step.target();
    String ns = t.get(NAMESPACE);
    int roles =
        (t.containsKey(ROLE) ? 1 : 0)
            + (t.containsKey(CLUSTER_ROLE) ? 1 : 0)
            + (t.containsKey(CLUSTER_WIDE_ROLE) ? 1 : 0);
    if (roles != 1 || t.size() != (ns == null ? 1 : 2)) {
      throw BackendException.permanent(shapeMessage(step));
    }
    if (t.containsKey(CLUSTER_WIDE_ROLE)) {
      if (ns != null) {
        throw BackendException.permanent(shapeMessage(step));
      }
      return new Target("", "ClusterRole", t.get(CLUSTER_WIDE_ROLE));
    }
    if (ns == null || ns.isEmpty()) {
      throw BackendException.permanent(shapeMessage(step));
    }
    return t.containsKey(ROLE)
        ? new Target(ns, "Role", t.get(ROLE))
        : new Target(ns, "ClusterRole", t.get(CLUSTER_ROLE));
  }

  private static String shapeMessage(GrantStep step) {
    return "grant step for backend "
        + step.backend()
        + " needs target {namespace, role}, {namespace, clusterRole} or {clusterWideRole}, not "
        + new java.util.TreeMap<>(step.target()).keySet();
  }
}
