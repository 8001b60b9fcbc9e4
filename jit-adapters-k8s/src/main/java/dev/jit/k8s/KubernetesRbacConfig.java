package dev.jit.k8s;

import dev.jit.spi.BackendConfig;
import dev.jit.spi.Ids;
import dev.jit.spi.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration of one {@code k8s-rbac} backend instance: one cluster, how to reach it, and
 * what jit may bind there. Absent keys take the defaults below.
 *
 * <p>Connection, one of: {@code inCluster: true} (the pod's service account), {@code masterUrl}
 * (with {@code tokenEnv}), or a kubeconfig file ({@code kubeconfig}, {@code context}; the default
 * when neither of the others is given).
 *
 * @param kubeconfig the kubeconfig file; empty (default) means {@code $KUBECONFIG}, else {@code
 *     ~/.kube/config}
 * @param context the kubeconfig context; empty (default) means the file's current context
 * @param inCluster use the pod's service account token and CA (default false)
 * @param masterUrl the API server's URL, {@code https://…}; for direct access and tests
 * @param tokenEnv with {@code masterUrl}: the environment variable holding a bearer token
 * @param namespaces the namespaces RoleBindings may be created in
 * @param roles the Roles (of those namespaces) that may be bound
 * @param clusterRoles the ClusterRoles that may be bound by a RoleBinding, inside one namespace
 * @param clusterWideRoles the ClusterRoles that may be bound cluster-wide by a ClusterRoleBinding
 *     (default none)
 * @param subjectKind {@code User} (default) or {@code Group}: what the principal names
 * @param subjectPrefix put before the principal in the subject's name, as the API server's {@code
 *     --oidc-username-prefix} does (default empty)
 * @param principalKinds the identity kinds policy steps may use; default {@code [email, k8s-user]}
 *     for users, {@code [k8s-group]} for groups
 * @param requestTimeout the time limit of one API call (default 10s)
 */
public record KubernetesRbacConfig(
    String kubeconfig,
    String context,
    Boolean inCluster,
    String masterUrl,
    String tokenEnv,
    List<String> namespaces,
    List<String> roles,
    List<String> clusterRoles,
    List<String> clusterWideRoles,
    String subjectKind,
    String subjectPrefix,
    List<String> principalKinds,
    Duration requestTimeout)
    implements BackendConfig {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._@-]{0,252}");
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:._@/-]{0,64}");

  public KubernetesRbacConfig {
    kubeconfig = Objects.requireNonNullElse(kubeconfig, "");
    context = Objects.requireNonNullElse(context, "");
    inCluster = Objects.requireNonNullElse(inCluster, false);
    masterUrl = Objects.requireNonNullElse(masterUrl, "");
    tokenEnv = Objects.requireNonNullElse(tokenEnv, "");
    namespaces = copy(namespaces);
    roles = copy(roles);
    clusterRoles = copy(clusterRoles);
    clusterWideRoles = copy(clusterWideRoles);
    subjectKind = Objects.requireNonNullElse(subjectKind, "User");
    subjectPrefix = Objects.requireNonNullElse(subjectPrefix, "");
    principalKinds =
        principalKinds != null
            ? copy(principalKinds)
            : subjectKind.equals("Group") ? List.of("k8s-group") : List.of("email", "k8s-user");
    requestTimeout = Objects.requireNonNullElse(requestTimeout, Duration.ofSeconds(10));
  }

  /** A configuration reaching the API server at {@code masterUrl}, with every other default. */
  public static KubernetesRbacConfig direct(
      String masterUrl,
      String tokenEnv,
      List<String> namespaces,
      List<String> roles,
      List<String> clusterRoles,
      List<String> clusterWideRoles) {
    return new KubernetesRbacConfig(
        null,
        null,
        null,
        masterUrl,
        tokenEnv,
        namespaces,
        roles,
        clusterRoles,
        clusterWideRoles,
        null,
        null,
        null,
        null);
  }

  private static List<String> copy(List<String> list) {
    return list == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(list));
  }

  @Override
  public List<Problem> validate() {
    List<Problem> out = new ArrayList<>();
    connection(out);
    names(out, "namespaces", namespaces, NAMESPACE, "a namespace name (DNS label)");
    names(out, "roles", roles, ROLE, "a role name");
    names(out, "clusterRoles", clusterRoles, ROLE, "a cluster role name");
    names(out, "clusterWideRoles", clusterWideRoles, ROLE, "a cluster role name");
    if (roles.isEmpty() && clusterRoles.isEmpty() && clusterWideRoles.isEmpty()) {
      out.add(
          new Problem(
              "roles",
              "nothing to grant: list roles, clusterRoles (bound in namespaces) or"
                  + " clusterWideRoles"));
    }
    if (namespaces.isEmpty() && !(roles.isEmpty() && clusterRoles.isEmpty())) {
      out.add(
          new Problem("namespaces", "roles and clusterRoles are bound in namespaces: list them"));
    }
    if (!namespaces.isEmpty() && roles.isEmpty() && clusterRoles.isEmpty()) {
      out.add(new Problem("namespaces", "no roles or clusterRoles to bind in these namespaces"));
    }
    if (!subjectKind.equals("User") && !subjectKind.equals("Group")) {
      out.add(new Problem("subjectKind", "expected User or Group"));
    }
    if (!PREFIX.matcher(subjectPrefix).matches()) {
      out.add(new Problem("subjectPrefix", "expected at most 64 letters, digits and :._@/-"));
    }
    if (principalKinds.isEmpty()) {
      out.add(new Problem("principalKinds", "expected at least one identity kind"));
    }
    for (int i = 0; i < principalKinds.size(); i++) {
      String k = principalKinds.get(i);
      if (k == null || !KIND.matcher(k).matches()) {
        out.add(
            new Problem(
                "principalKinds[" + i + "]",
                "'" + Ids.printable(String.valueOf(k)) + "' is not an identity kind"));
      }
    }
    if (requestTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || requestTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
      out.add(new Problem("requestTimeout", "must be between 1s and 5m"));
    }
    return List.copyOf(out);
  }

  private void connection(List<Problem> out) {
    boolean kubeconfigGiven = !kubeconfig.isEmpty() || !context.isEmpty();
    if (inCluster && (kubeconfigGiven || !masterUrl.isEmpty())) {
      out.add(
          new Problem(
              "inCluster",
              "uses the pod's service account: give no kubeconfig, context or masterUrl with it"));
    }
    if (!masterUrl.isEmpty() && kubeconfigGiven) {
      out.add(new Problem("masterUrl", "give either masterUrl or kubeconfig/context, not both"));
    }
    if (!masterUrl.isEmpty()
        && !(masterUrl.startsWith("https://") || masterUrl.startsWith("http://"))) {
      out.add(new Problem("masterUrl", "expected an https:// URL of the API server"));
    }
    if (!tokenEnv.isEmpty() && masterUrl.isEmpty()) {
      out.add(new Problem("tokenEnv", "is only read with masterUrl"));
    }
    if (!tokenEnv.isEmpty() && !ENV_NAME.matcher(tokenEnv).matches()) {
      out.add(
          new Problem(
              "tokenEnv",
              "expected the name of an environment variable (secrets are never written in the"
                  + " file)"));
    }
  }

  private static void names(
      List<Problem> out, String key, List<String> values, Pattern pattern, String what) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || !pattern.matcher(v).matches()) {
        out.add(
            new Problem(
                key + "[" + i + "]", "'" + Ids.printable(String.valueOf(v)) + "' is not " + what));
      } else if (!seen.add(v)) {
        out.add(new Problem(key + "[" + i + "]", "'" + v + "' is listed twice"));
      }
    }
  }
}
