package dev.jit.k8s;

import dev.jit.k8s.testkit.FakeKubernetes;
import dev.jit.spi.RequestId;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * One fake cluster for the adapter's tests: the namespaces {@code payments} and {@code web}, and
 * jit's own identity with exactly the permissions docs/adapters/kubernetes.md lists — create, get,
 * list, watch, patch and delete on bindings, and {@code bind} on the allow-listed roles only.
 */
final class Cluster implements AutoCloseable {
  static final Set<String> NAMESPACES = Set.of("payments", "web", "payments-old");
  static final Set<String> ROLES = Set.of("deployer");
  static final Set<String> CLUSTER_ROLES = Set.of("edit", "view");
  static final Set<String> CLUSTER_WIDE = Set.of("view");

  final FakeKubernetes fake = FakeKubernetes.start().namespaces("payments", "web");
  final FakeKubernetes.Identity jit = fake.identity("system:serviceaccount:jit:jit");
  private final KubernetesClient client;

  Cluster() {
    for (String ns : List.of("payments", "web", "payments-old")) {
      jit.allow("rolebindings", ns, "create", "get", "list", "watch", "patch", "delete");
      jit.allowBind("Role", "deployer", ns);
      jit.allowBind("ClusterRole", "edit", ns);
      jit.allowBind("ClusterRole", "view", ns);
    }
    jit.allow("clusterrolebindings", "", "create", "get", "list", "watch", "patch", "delete");
    jit.allowBind("ClusterRole", "view", "");
    client = fake.client(jit.token());
  }

  /** The backend named {@code name}, as the factory's defaults would make it. */
  KubernetesRbacBackend backend(String name, Clock clock) {
    return KubernetesRbacBackend.builder(name, client)
        .namespaces(NAMESPACES)
        .roles(ROLES)
        .clusterRoles(CLUSTER_ROLES)
        .clusterWideRoles(CLUSTER_WIDE)
        .clock(clock)
        .build();
  }

  /** Every RoleBinding in {@code ns}, as the admin sees them. */
  List<RoleBinding> bindings(String ns) {
    return fake.admin().rbac().roleBindings().inNamespace(ns).list().getItems();
  }

  /** A binding an administrator made by hand: no jit labels. */
  RoleBinding handMade(String ns, String name, String clusterRole, String user) {
    RoleBinding rb =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
            .addNewSubject()
            .withKind("User")
            .withApiGroup("rbac.authorization.k8s.io")
            .withName(user)
            .endSubject()
            .build();
    return fake.admin().rbac().roleBindings().resource(rb).create();
  }

  static RequestId request(int n) {
    return new RequestId("00000000-0000-0000-0000-00000000000" + n);
  }

  @Override
  public void close() {
    client.close();
    fake.close();
  }
}
