package dev.jit.k8s.testkit.internal;

import java.util.Objects;
import java.util.Set;

/**
 * One RBAC rule an identity of the fake holds, as a Role or ClusterRole rule bound to it would
 * give.
 *
 * @param resource the plural resource ({@code rolebindings}, {@code clusterroles}) or {@code *}
 * @param namespace the namespace the rule holds in; empty for a cluster-wide rule (a ClusterRole
 *     bound by a ClusterRoleBinding), which also covers cluster-scoped resources
 * @param verbs the verbs, or {@code *}
 * @param names resourceNames; empty for any. As on a real server, a rule with names never
 *     authorises a request without one ({@code list}, {@code create})
 */
public record Rule(String resource, String namespace, Set<String> verbs, Set<String> names) {
  public Rule {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(namespace, "namespace");
    verbs = Set.copyOf(verbs);
    names = Set.copyOf(names);
  }

  /** Whether this rule allows {@code verb} on {@code resource} named {@code name} in {@code ns}. */
  public boolean allows(String verb, String resource, String ns, String name) {
    if (!this.resource.equals("*") && !this.resource.equals(resource)) {
      return false;
    }
    if (!verbs.contains("*") && !verbs.contains(verb)) {
      return false;
    }
    if (!namespace.isEmpty() && !namespace.equals(ns)) {
      return false;
    }
    return names.isEmpty() || (!name.isEmpty() && names.contains(name));
  }
}
