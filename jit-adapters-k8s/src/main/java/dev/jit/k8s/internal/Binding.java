package dev.jit.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A RoleBinding or ClusterRoleBinding, as jit reads and writes it: one type for both, since they
 * differ only in having a namespace.
 *
 * @param namespace the namespace; empty for a ClusterRoleBinding
 * @param subjects each as {@code kind/name} with the RBAC API group for users and groups
 */
public record Binding(
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    String roleKind,
    String roleName,
    List<SubjectRef> subjects) {

  public static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_JIT = "jit";
  public static final String BACKEND = "jit.dev/backend";
  public static final String REQUEST_ID = "jit.dev/request-id";
  public static final String EXPIRES_AT = "jit.dev/expires-at";
  public static final String GRANTED_AT = "jit.dev/granted-at";

  /** One subject: {@code apiGroup} is empty for service accounts. */
  public record SubjectRef(String kind, String apiGroup, String name) {}

  public Binding {
    Objects.requireNonNull(namespace, "namespace");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    subjects = List.copyOf(subjects);
  }

  public boolean clusterWide() {
    return namespace.isEmpty();
  }

  /** The labels every binding of {@code backend} carries: what holdings select on. */
  public static Map<String, String> selector(String backend) {
    return Map.of(MANAGED_BY, MANAGED_BY_JIT, BACKEND, backend);
  }

  /** Whether this binding carries jit's labels for {@code backend}. */
  public boolean ownedBy(String backend) {
    return MANAGED_BY_JIT.equals(labels.get(MANAGED_BY)) && backend.equals(labels.get(BACKEND));
  }

  /** Whether this binds {@code t}'s role in {@code t}'s place. */
  public boolean binds(Target t) {
    return namespace.equals(t.namespace())
        && roleKind.equals(t.roleKind())
        && roleName.equals(t.roleName());
  }

  /** The expiry annotation, when present and readable. */
  public Optional<Instant> expiresAt() {
    String v = annotations.get(EXPIRES_AT);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** "RoleBinding payments-prod/jit-1a2b…", for messages. */
  public String describe() {
    return clusterWide() ? "ClusterRoleBinding " + name : "RoleBinding " + namespace + "/" + name;
  }

  public static Binding of(RoleBinding rb) {
    return of(rb.getMetadata(), rb.getRoleRef(), rb.getSubjects());
  }

  public static Binding of(ClusterRoleBinding crb) {
    return of(crb.getMetadata(), crb.getRoleRef(), crb.getSubjects());
  }

  private static Binding of(ObjectMeta meta, RoleRef ref, List<Subject> subjects) {
    return new Binding(
        Objects.requireNonNullElse(meta.getNamespace(), ""),
        meta.getName(),
        Objects.requireNonNullElse(meta.getLabels(), Map.of()),
        Objects.requireNonNullElse(meta.getAnnotations(), Map.of()),
        ref == null ? "" : Objects.requireNonNullElse(ref.getKind(), ""),
        ref == null ? "" : Objects.requireNonNullElse(ref.getName(), ""),
        subjects == null
            ? List.of()
            : subjects.stream()
                .map(
                    s ->
                        new SubjectRef(
                            Objects.requireNonNullElse(s.getKind(), ""),
                            Objects.requireNonNullElse(s.getApiGroup(), ""),
                            Objects.requireNonNullElse(s.getName(), "")))
                .toList());
  }

  /** This binding as the API object to create. */
  public HasMetadata toResource() {
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(clusterWide() ? null : namespace)
            .withLabels(labels)
            .withAnnotations(annotations)
            .build();
    RoleRef ref = new RoleRef(RBAC_GROUP, roleKind, roleName);
    List<Subject> subs =
        subjects.stream()
            .map(
                s ->
                    new SubjectBuilder()
                        .withKind(s.kind())
                        .withApiGroup(s.apiGroup().isEmpty() ? null : s.apiGroup())
                        .withName(s.name())
                        .build())
            .toList();
    if (clusterWide()) {
      return new ClusterRoleBindingBuilder()
          .withMetadata(meta)
          .withRoleRef(ref)
          .withSubjects(subs)
          .build();
    }
    return new RoleBindingBuilder().withMetadata(meta).withRoleRef(ref).withSubjects(subs).build();
  }
}
