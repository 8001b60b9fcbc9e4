package dev.jit.k8s.internal;

import dev.jit.spi.StepRules;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one backend instance manages: its name (the {@code jit.dev/backend} label of its bindings),
 * the allow-lists, and how a principal becomes a binding subject. Immutable.
 *
 * @param backend the backend's name
 * @param subjectKind {@code User} or {@code Group}
 * @param subjectPrefix put before the principal in the subject name
 */
public record Scope(
    String backend,
    Set<String> namespaces,
    Set<String> roles,
    Set<String> clusterRoles,
    Set<String> clusterWideRoles,
    String subjectKind,
    String subjectPrefix,
    Set<String> principalKinds) {

  public Scope {
    Objects.requireNonNull(backend, "backend");
    namespaces = frozen(namespaces);
    roles = frozen(roles);
    clusterRoles = frozen(clusterRoles);
    clusterWideRoles = frozen(clusterWideRoles);
    if (!subjectKind.equals("User") && !subjectKind.equals("Group")) {
      throw new IllegalArgumentException("subjectKind must be User or Group");
    }
    Objects.requireNonNull(subjectPrefix, "subjectPrefix");
    principalKinds = frozen(principalKinds);
  }

  private static Set<String> frozen(Set<String> s) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(s));
  }

  /** The step rules of this scope: the three target shapes, the principal kinds, the lists. */
  public static StepRules stepRules(
      Set<String> namespaces,
      Set<String> roles,
      Set<String> clusterRoles,
      Set<String> clusterWideRoles,
      Set<String> principalKinds) {
    return StepRules.builder()
        .allow(Target.NAMESPACE, Target.ROLE, Target.CLUSTER_ROLE, Target.CLUSTER_WIDE_ROLE)
        .exactlyOneOf(Target.ROLE, Target.CLUSTER_ROLE, Target.CLUSTER_WIDE_ROLE)
        .targetRule(
            "target." + Target.NAMESPACE,
            t -> t.containsKey(Target.NAMESPACE) != t.containsKey(Target.CLUSTER_WIDE_ROLE),
            "is required with "
                + Target.ROLE
                + " or "
                + Target.CLUSTER_ROLE
                + ", and not allowed with "
                + Target.CLUSTER_WIDE_ROLE)
        .principalKinds(principalKinds.toArray(String[]::new))
        .scope(Target.NAMESPACE, namespaces, "namespace")
        .scope(Target.ROLE, roles, "Role")
        .scope(Target.CLUSTER_ROLE, clusterRoles, "ClusterRole bound in namespaces")
        .scope(Target.CLUSTER_WIDE_ROLE, clusterWideRoles, "ClusterRole bound cluster-wide")
        .build();
  }

  public StepRules stepRules() {
    return stepRules(namespaces, roles, clusterRoles, clusterWideRoles, principalKinds);
  }

  /** Why {@code t} is outside this scope, or empty when jit may bind it. */
  public Optional<String> refusal(Target t) {
    if (t.clusterWide()) {
      return clusterWideRoles.contains(t.roleName())
          ? Optional.empty()
          : Optional.of("ClusterRole " + t.roleName() + " is not in clusterWideRoles");
    }
    if (!namespaces.contains(t.namespace())) {
      return Optional.of("namespace " + t.namespace() + " is not in namespaces");
    }
    Set<String> allowed = t.roleKind().equals("Role") ? roles : clusterRoles;
    return allowed.contains(t.roleName())
        ? Optional.empty()
        : Optional.of(
            t.roleKind()
                + " "
                + t.roleName()
                + " is not in "
                + (t.roleKind().equals("Role") ? "roles" : "clusterRoles"));
  }

  /** The subject name a principal is bound as. */
  public String subjectName(String principal) {
    return subjectPrefix + principal;
  }

  /** The principal a subject name stands for, when it carries this scope's prefix. */
  public Optional<String> principalOf(String subjectName) {
    if (!subjectName.startsWith(subjectPrefix) || subjectName.length() == subjectPrefix.length()) {
      return Optional.empty();
    }
    return Optional.of(subjectName.substring(subjectPrefix.length()));
  }

  /** Whether cluster-wide bindings are in scope, so ClusterRoleBindings must be listed. */
  public boolean listsClusterBindings() {
    return !clusterWideRoles.isEmpty();
  }
}
