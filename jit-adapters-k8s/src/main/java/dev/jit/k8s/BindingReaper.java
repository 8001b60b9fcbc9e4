package dev.jit.k8s;

import dev.jit.k8s.internal.Binding;
import dev.jit.k8s.internal.BindingApi;
import dev.jit.k8s.internal.Errors;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends access on time without jit: deletes the bindings of one backend whose {@code
 * jit.dev/expires-at} annotation has passed, using nothing but the cluster's credentials. Run it
 * from a CronJob ({@code jit k8s reap}), so a grant expires even when jit's server or database is
 * down.
 *
 * <p>It lists by jit's labels ({@code app.kubernetes.io/managed-by=jit}, {@code
 * jit.dev/backend=<name>}) and checks them again on every object before deleting, so a binding
 * without jit's labels is never touched. A jit-labelled binding without a readable expiry is
 * deleted: jit never creates one, so it is not a grant anybody backs. Idempotent and safe to run
 * from several places at once.
 */
public final class BindingReaper {
  private static final Logger LOG = LoggerFactory.getLogger(BindingReaper.class);

  private final BindingApi api;
  private final String backend;
  private final Set<String> namespaces;
  private final boolean clusterWide;
  private final Clock clock;

  /**
   * A reaper of {@code backend}'s bindings in {@code namespaces}, and of its ClusterRoleBindings
   * when {@code clusterWide}.
   */
  public BindingReaper(
      KubernetesClient client,
      String backend,
      Set<String> namespaces,
      boolean clusterWide,
      Clock clock) {
    this.api = new BindingApi(client);
    this.backend = backend;
    this.namespaces = new LinkedHashSet<>(namespaces);
    this.clusterWide = clusterWide;
    this.clock = clock;
  }

  /**
   * What one run did.
   *
   * @param deleted the bindings deleted, as {@code RoleBinding ns/name} or {@code
   *     ClusterRoleBinding name}
   * @param kept how many of jit's bindings are still within their expiry
   * @param failures what could not be listed or deleted; the next run tries again
   */
  public record Report(List<String> deleted, int kept, List<String> failures) {
    public Report {
      deleted = List.copyOf(deleted);
      failures = List.copyOf(failures);
    }
  }

  /** Deletes every expired binding of this backend now. */
  public Report reap() {
    Instant now = clock.instant();
    List<String> deleted = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int kept = 0;
    List<String> places = new ArrayList<>(namespaces);
    if (clusterWide) {
      places.add("");
    }
    for (String ns : places) {
      List<Binding> found;
      try {
        found = api.list(ns, Binding.selector(backend));
      } catch (KubernetesClientException e) {
        failures.add(
            "cannot list bindings "
                + (ns.isEmpty() ? "cluster-wide" : "in " + ns)
                + " ("
                + Errors.status(e)
                + ")");
        continue;
      }
      for (Binding b : found) {
        if (!b.ownedBy(backend)) {
          continue;
        }
        Optional<Instant> expiry = b.expiresAt();
        if (expiry.isPresent() && expiry.get().isAfter(now)) {
          kept++;
          continue;
        }
        try {
          api.delete(b.namespace(), b.name());
          deleted.add(b.describe());
          LOG.info(
              "reaped {}: {}",
              b.describe(),
              expiry.map(e -> "expired at " + e).orElse("no readable expiry annotation"));
        } catch (KubernetesClientException e) {
          failures.add("cannot delete " + b.describe() + " (" + Errors.status(e) + ")");
        }
      }
    }
    return new Report(deleted, kept, failures);
  }
}
