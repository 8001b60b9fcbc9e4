package dev.jit.k8s.internal;

import dev.jit.spi.BackendException;
import dev.jit.spi.Ids;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Maps the API server's answers to {@link BackendException}s: 409 Conflict, 429, 5xx, timeouts and
 * I/O are retryable; 401, 403, 404, 400 and 422 are not. Messages name the binding and the role,
 * never a credential.
 */
public final class Errors {
  private Errors() {}

  /** Whether a retry may help; fabric8 gives no code (-1) when the call got no answer. */
  public static boolean retryable(KubernetesClientException e) {
    int code = e.getCode();
    return code <= 0 || code == 409 || code == 410 || code == 429 || code >= 500;
  }

  /** "HTTP 503", or "no answer" when the call got none: for reports that list failures. */
  public static String status(KubernetesClientException e) {
    return e.getCode() <= 0 ? "no answer" : "HTTP " + e.getCode();
  }

  /** A failure of {@code action} ("create RoleBinding payments/jit-…") against {@code t}. */
  public static BackendException of(KubernetesClientException e, String action, Target t) {
    int code = e.getCode();
    String server = serverMessage(e);
    if (code == 403) {
      return BackendException.permanent(
          "Kubernetes refused to "
              + action
              + " (403 Forbidden"
              + server
              + "). "
              + forbiddenHint(action, t));
    }
    if (code == 401) {
      return BackendException.permanent(
          "Kubernetes rejected jit's credentials (401) on " + action + server);
    }
    if (code == 404 && !t.clusterWide() && action.startsWith("create")) {
      return BackendException.permanent(
          "cannot " + action + ": namespace " + t.namespace() + " does not exist (404)");
    }
    if (code <= 0) {
      // fabric8 reports a failure that got no HTTP answer (refused, reset, timed out) as -1.
      return new BackendException(
          "cannot reach the Kubernetes API server to " + action + describeCause(e), true, e);
    }
    return new BackendException(
        "Kubernetes answered " + code + " to " + action + server, retryable(e), e);
  }

  private static String forbiddenHint(String action, Target t) {
    if (!action.startsWith("create")) {
      return "jit's identity needs get, list and delete on "
          + (t.clusterWide() ? "clusterrolebindings" : "rolebindings in namespace " + t.namespace())
          + ".";
    }
    String resource = t.roleKind().equals("Role") ? "roles" : "clusterroles";
    return "jit's identity needs create on "
        + (t.clusterWide() ? "clusterrolebindings" : "rolebindings in namespace " + t.namespace())
        + " and the 'bind' verb on "
        + resource
        + " with resourceNames ["
        + t.roleName()
        + "]"
        + (t.clusterWide() ? "" : " in that namespace")
        + ": without 'bind' the API server's escalation check refuses to bind "
        + t.roleKind()
        + " "
        + t.roleName()
        + " unless jit itself holds every permission it grants (see docs/adapters/kubernetes.md)";
  }

  private static String serverMessage(KubernetesClientException e) {
    if (e.getStatus() == null || e.getStatus().getMessage() == null) {
      return "";
    }
    return ": " + Ids.printable(e.getStatus().getMessage());
  }

  private static String describeCause(KubernetesClientException e) {
    Throwable c = e.getCause();
    return c == null ? "" : " (" + c.getClass().getSimpleName() + ")";
  }
}
