package dev.jit.k8s.internal;

import dev.jit.spi.Problem;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * jit's startup self-check: SelfSubjectAccessReviews for every permission a {@link Scope} needs,
 * reported as problems naming the configuration key and what to grant. Needs no permission of its
 * own: every authenticated identity may review itself.
 */
public final class PermissionCheck {
  /**
   * The verbs jit uses on bindings: create to grant, get to confirm, list for holdings, patch to
   * move the expiry annotation of an extended grant, delete to revoke.
   */
  static final List<String> VERBS = List.of("create", "get", "list", "patch", "delete");

  private final KubernetesClient client;
  private final Scope scope;

  public PermissionCheck(KubernetesClient client, Scope scope) {
    this.client = client;
    this.scope = scope;
  }

  public List<Problem> run() {
    List<Problem> out = new ArrayList<>();
    try {
      int i = 0;
      for (String ns : scope.namespaces()) {
        verbs(out, "namespaces[" + i++ + "]", "rolebindings", ns);
        bind(out, "roles", scope.roles(), "roles", ns);
        bind(out, "clusterRoles", scope.clusterRoles(), "clusterroles", ns);
      }
      if (scope.listsClusterBindings()) {
        verbs(out, "clusterWideRoles", "clusterrolebindings", "");
        bind(out, "clusterWideRoles", scope.clusterWideRoles(), "clusterroles", "");
      }
    } catch (KubernetesClientException e) {
      out.add(
          new Problem(
              "cluster",
              "cannot review jit's own permissions ("
                  + Errors.status(e)
                  + "): is the API server reachable and are the credentials valid?"));
    }
    return List.copyOf(out);
  }

  private void verbs(List<Problem> out, String key, String resource, String ns) {
    List<String> missing = new ArrayList<>();
    for (String verb : VERBS) {
      if (!allowed(verb, resource, ns, "")) {
        missing.add(verb);
      }
    }
    if (!missing.isEmpty()) {
      out.add(
          new Problem(
              key,
              "jit may not "
                  + String.join(", ", missing)
                  + " "
                  + resource
                  + (ns.isEmpty() ? " (cluster-wide)" : " in namespace " + ns)
                  + "; grant create, get, list, watch, patch and delete on them"));
    }
  }

  private void bind(
      List<Problem> out, String key, Iterable<String> roles, String resource, String ns) {
    int j = 0;
    for (String role : roles) {
      if (!allowed("bind", resource, ns, role)) {
        out.add(
            new Problem(
                key + "[" + j + "]",
                "jit may not bind "
                    + (resource.equals("roles") ? "Role " : "ClusterRole ")
                    + role
                    + (ns.isEmpty() ? " cluster-wide" : " in namespace " + ns)
                    + ": grant the 'bind' verb on "
                    + resource
                    + " with resourceNames ["
                    + role
                    + "]; without it the API server refuses the binding with 403 unless jit"
                    + " itself holds every permission of the role"));
      }
      j++;
    }
  }

  private boolean allowed(String verb, String resource, String ns, String name) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(Binding.RBAC_GROUP)
            .withResource(resource)
            .withNamespace(ns.isEmpty() ? null : ns)
            .withName(name.isEmpty() ? null : name)
            .endResourceAttributes()
            .endSpec()
            .build();
    SelfSubjectAccessReview answer =
        client.authorization().v1().selfSubjectAccessReview().create(review);
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }
}
