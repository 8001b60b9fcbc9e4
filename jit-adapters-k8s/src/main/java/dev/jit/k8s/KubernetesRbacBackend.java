package dev.jit.k8s;

import dev.jit.k8s.internal.Binding;
import dev.jit.k8s.internal.BindingApi;
import dev.jit.k8s.internal.Codec;
import dev.jit.k8s.internal.Errors;
import dev.jit.k8s.internal.PermissionCheck;
import dev.jit.k8s.internal.Scope;
import dev.jit.k8s.internal.Target;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants Kubernetes RBAC roles on one cluster: a RoleBinding of an allow-listed Role or ClusterRole
 * in an allow-listed namespace, or a ClusterRoleBinding of an allow-listed ClusterRole.
 *
 * <p>Every binding it creates carries {@code app.kubernetes.io/managed-by=jit}, {@code
 * jit.dev/backend=<name>}, the request id, and the request's expiry as the annotation {@code
 * jit.dev/expires-at}, which {@link BindingReaper} enforces with the cluster's credentials alone.
 * It only ever reads, lists or deletes bindings carrying those labels: hand-made bindings are never
 * touched.
 *
 * <p>Idempotence: the binding's name is derived from (request, step), so a retry creates nothing
 * twice; a 409 on create is accepted only when the existing binding is jit's with the same subject
 * and roleRef. Revocation is per step, as the engine decides it: revoking a step deletes every
 * binding of this backend that grants it, whichever request created it, because the engine revokes
 * a step only when no other request still holds it (and otherwise skips the revocation, which would
 * leave that request's binding behind). Thread-safe.
 */
public final class KubernetesRbacBackend implements GrantBackend {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesRbacBackend.class);

  private final Scope scope;
  private final KubernetesClient client;
  private final boolean ownsClient;
  private final Clock clock;
  private final BindingApi api;
  private final Codec codec;

  private KubernetesRbacBackend(Builder b) {
    this.scope =
        new Scope(
            b.name,
            b.namespaces,
            b.roles,
            b.clusterRoles,
            b.clusterWideRoles,
            b.subjectKind,
            b.subjectPrefix,
            b.principalKinds);
    this.client = b.client;
    this.ownsClient = b.ownsClient;
    this.clock = b.clock;
    this.api = new BindingApi(client);
    this.codec = new Codec(scope);
  }

  /** A builder for a backend named {@code name} talking to the cluster through {@code client}. */
  public static Builder builder(String name, KubernetesClient client) {
    return new Builder(name, client);
  }

  @Override
  public String type() {
    return scope.backend();
  }

  @Override
  public void grant(Grant grant) {
    Target t = inScope(grant.step());
    Binding desired = codec.desired(grant, t, clock.instant());
    try {
      api.create(desired);
      LOG.info(
          "created {} binding {} for request {}",
          desired.describe(),
          t.describe(),
          grant.requestId());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw Errors.of(e, "create " + desired.describe() + " binding " + t.describe(), t);
      }
      confirmExisting(desired, t);
    }
  }

  /** After a 409: the binding must be the one this grant would have created. */
  private void confirmExisting(Binding desired, Target t) {
    Optional<Binding> existing;
    try {
      existing = api.get(desired.namespace(), desired.name());
    } catch (KubernetesClientException e) {
      throw Errors.of(e, "read " + desired.describe() + " back after a conflict", t);
    }
    if (existing.isEmpty()) {
      throw BackendException.retryable(
          desired.describe() + " existed on create and was gone when read back; try again");
    }
    if (!codec.isSameGrant(existing.get(), desired)) {
      throw BackendException.permanent(
          desired.describe()
              + " already exists and is not this grant (its labels, subject or roleRef differ):"
              + " jit does not take it over");
    }
  }

  @Override
  public void revoke(Grant grant) {
    Target t = Target.of(grant.step());
    for (Binding b : granting(t, grant.step().principal(), "revoke")) {
      try {
        api.delete(b.namespace(), b.name());
        LOG.info("deleted {} ({} for request {})", b.describe(), t.describe(), grant.requestId());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw Errors.of(e, "delete " + b.describe(), t);
        }
      }
    }
  }

  /**
   * Moves the {@code jit.dev/expires-at} annotation of this request's bindings of the step to
   * {@code newExpiry}, so the reaper does not end an extended grant at its old time. Only ever
   * later: a binding already carrying a later expiry keeps it. A binding that is gone has nothing
   * to move (the access is not held through it).
   */
  @Override
  public void extend(Grant grant, Instant newExpiry) {
    Target t = Target.of(grant.step());
    String request = grant.requestId().value();
    for (Binding b : granting(t, grant.step().principal(), "extend")) {
      boolean ours = request.equals(b.annotations().get(Binding.REQUEST_ID));
      boolean earlier = b.expiresAt().map(e -> e.isBefore(newExpiry)).orElse(true);
      if (!ours || !earlier) {
        continue;
      }
      try {
        api.annotate(b.namespace(), b.name(), Binding.EXPIRES_AT, newExpiry.toString());
        LOG.info("moved the expiry of {} to {} for request {}", b.describe(), newExpiry, request);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw Errors.of(e, "move the expiry of " + b.describe(), t);
        }
      }
    }
  }

  @Override
  public GrantCheck check(Grant grant) {
    Target t = Target.of(grant.step());
    return granting(t, grant.step().principal(), "check").isEmpty()
        ? GrantCheck.ABSENT
        : GrantCheck.HELD;
  }

  /** This backend's bindings that grant {@code t} to {@code principal}. */
  private List<Binding> granting(Target t, String principal, String why) {
    try {
      return api.list(t.namespace(), Binding.selector(scope.backend())).stream()
          .filter(b -> b.ownedBy(scope.backend()) && codec.grants(b, t, principal))
          .toList();
    } catch (KubernetesClientException e) {
      throw Errors.of(e, "list bindings to " + why + " " + t.describe(), t);
    }
  }

  @Override
  public Optional<Set<GrantStep>> holdings() {
    Set<GrantStep> out = new HashSet<>();
    List<String> places = new ArrayList<>(scope.namespaces());
    if (scope.listsClusterBindings()) {
      places.add("");
    }
    for (String ns : places) {
      Target where = new Target(ns, "ClusterRole", "*");
      List<Binding> found;
      try {
        found = api.list(ns, Binding.selector(scope.backend()));
      } catch (KubernetesClientException e) {
        throw Errors.of(e, "list bindings " + (ns.isEmpty() ? "cluster-wide" : "in " + ns), where);
      }
      for (Binding b : found) {
        List<GrantStep> steps = b.ownedBy(scope.backend()) ? codec.steps(b) : List.of();
        if (steps.isEmpty()) {
          LOG.warn(
              "{} carries jit's labels but grants no {} jit would bind; the reaper removes it at"
                  + " its expiry",
              b.describe(),
              scope.subjectKind());
        }
        out.addAll(steps);
      }
    }
    return Optional.of(Set.copyOf(out));
  }

  @Override
  public StepRules stepRules() {
    return scope.stepRules();
  }

  /**
   * Checks with SelfSubjectAccessReviews that jit's own identity may do what this backend needs:
   * create, get, list and delete bindings in each namespace (and cluster-wide when configured), and
   * {@code bind} each allow-listed role where it may be bound. Each problem names the configuration
   * key and says what to grant. Makes one call per permission; run it at startup.
   */
  public List<Problem> verifyPermissions() {
    return new PermissionCheck(client, scope).run();
  }

  /**
   * {@link #verifyPermissions()}, which serve runs at start; a cluster that cannot answer says so.
   */
  @Override
  public List<Problem> preflight() {
    try {
      return verifyPermissions();
    } catch (RuntimeException e) {
      return List.of(
          new Problem(
              "masterUrl",
              "the permission self-check could not reach the cluster ("
                  + e.getClass().getSimpleName()
                  + ")"));
    }
  }

  /** A reaper for this backend's bindings, with its client and scope. */
  public BindingReaper reaper() {
    return new BindingReaper(
        client, scope.backend(), scope.namespaces(), scope.listsClusterBindings(), clock);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  private Target inScope(GrantStep step) {
    Target t = Target.of(step);
    Optional<String> refusal = scope.refusal(t);
    if (refusal.isPresent()) {
      throw BackendException.permanent(
          "backend " + scope.backend() + " does not manage " + t.describe() + ": " + refusal.get());
    }
    return t;
  }

  /** Builds a {@link KubernetesRbacBackend}; every method returns this builder. */
  public static final class Builder {
    private final String name;
    private final KubernetesClient client;
    private Set<String> namespaces = Set.of();
    private Set<String> roles = Set.of();
    private Set<String> clusterRoles = Set.of();
    private Set<String> clusterWideRoles = Set.of();
    private String subjectKind = "User";
    private String subjectPrefix = "";
    private Set<String> principalKinds = Set.of("email", "k8s-user");
    private Clock clock = Clock.systemUTC();
    private boolean ownsClient;

    private Builder(String name, KubernetesClient client) {
      this.name = Objects.requireNonNull(name, "name");
      this.client = Objects.requireNonNull(client, "client");
    }

    public Builder namespaces(Set<String> v) {
      namespaces = new LinkedHashSet<>(v);
      return this;
    }

    public Builder roles(Set<String> v) {
      roles = new LinkedHashSet<>(v);
      return this;
    }

    public Builder clusterRoles(Set<String> v) {
      clusterRoles = new LinkedHashSet<>(v);
      return this;
    }

    public Builder clusterWideRoles(Set<String> v) {
      clusterWideRoles = new LinkedHashSet<>(v);
      return this;
    }

    /** {@code User} (default) or {@code Group}. */
    public Builder subjectKind(String v) {
      subjectKind = v;
      return this;
    }

    public Builder subjectPrefix(String v) {
      subjectPrefix = v;
      return this;
    }

    public Builder principalKinds(Set<String> v) {
      principalKinds = new LinkedHashSet<>(v);
      return this;
    }

    /** The clock for the {@code granted-at} annotation and the reaper (default UTC system). */
    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v);
      return this;
    }

    /** Close the client when the backend is closed (default false: the caller owns it). */
    public Builder ownsClient(boolean v) {
      ownsClient = v;
      return this;
    }

    public KubernetesRbacBackend build() {
      return new KubernetesRbacBackend(this);
    }
  }
}
