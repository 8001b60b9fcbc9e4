package dev.jit.k8s.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The six calls jit makes on bindings, for RoleBindings (a namespace given) and ClusterRoleBindings
 * (an empty namespace) alike. Calls throw fabric8's {@code KubernetesClientException}; {@link
 * Errors} maps it.
 */
public final class BindingApi {
  /** Items per list page; the loop follows {@code continue} until the server sends none. */
  static final long PAGE = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final long pageSize;

  public BindingApi(KubernetesClient client) {
    this(client, PAGE);
  }

  BindingApi(KubernetesClient client, long pageSize) {
    this.client = client;
    this.pageSize = pageSize;
  }

  /** Every binding in {@code namespace} (cluster-wide when empty) carrying all these labels. */
  public List<Binding> list(String namespace, Map<String, String> labels) {
    List<Binding> out = new ArrayList<>();
    String token = null;
    do {
      ListOptions options =
          new ListOptionsBuilder()
              .withLabelSelector(selector(labels))
              .withLimit(pageSize)
              .withContinue(token)
              .build();
      if (namespace.isEmpty()) {
        ClusterRoleBindingList page = client.rbac().clusterRoleBindings().list(options);
        page.getItems().forEach(b -> out.add(Binding.of(b)));
        token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
      } else {
        RoleBindingList page = client.rbac().roleBindings().inNamespace(namespace).list(options);
        page.getItems().forEach(b -> out.add(Binding.of(b)));
        token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
      }
    } while (token != null && !token.isEmpty());
    return out;
  }

  public Optional<Binding> get(String namespace, String name) {
    if (namespace.isEmpty()) {
      ClusterRoleBinding b = client.rbac().clusterRoleBindings().withName(name).get();
      return Optional.ofNullable(b).map(Binding::of);
    }
    RoleBinding b = client.rbac().roleBindings().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(b).map(Binding::of);
  }

  public void create(Binding binding) {
    if (binding.clusterWide()) {
      client
          .rbac()
          .clusterRoleBindings()
          .resource((ClusterRoleBinding) binding.toResource())
          .create();
    } else {
      client
          .rbac()
          .roleBindings()
          .inNamespace(binding.namespace())
          .resource((RoleBinding) binding.toResource())
          .create();
    }
  }

  /**
   * Sets one annotation with a JSON merge patch, leaving everything else (subjects, roleRef,
   * labels) as the server has it. Throws fabric8's 404 when the binding is gone.
   */
  public void annotate(String namespace, String name, String key, String value) {
    String patch =
        "{\"metadata\":{\"annotations\":{"
            + JSON.valueToTree(key)
            + ":"
            + JSON.valueToTree(value)
            + "}}}";
    PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
    if (namespace.isEmpty()) {
      client.rbac().clusterRoleBindings().withName(name).patch(merge, patch);
    } else {
      client.rbac().roleBindings().inNamespace(namespace).withName(name).patch(merge, patch);
    }
  }

  /** Deletes the binding; a binding that is already gone is no failure. */
  public void delete(String namespace, String name) {
    if (namespace.isEmpty()) {
      client.rbac().clusterRoleBindings().withName(name).delete();
    } else {
      client.rbac().roleBindings().inNamespace(namespace).withName(name).delete();
    }
  }

  /** An equality-based selector: set-based ones are not evaluated by every server or mock. */
  private static String selector(Map<String, String> labels) {
    return labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .reduce((a, b) -> a + "," + b)
        .orElse("");
  }
}
