package dev.jit.k8s.testkit;

import dev.jit.k8s.testkit.internal.Accounts;
import dev.jit.k8s.testkit.internal.Failures;
import dev.jit.k8s.testkit.internal.FaithfulDispatcher;
import dev.jit.k8s.testkit.internal.Rule;
import dev.jit.k8s.testkit.internal.Statuses;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API server for tests, on 127.0.0.1 and an ephemeral port, over plain HTTP.
 *
 * <p>It is fabric8's {@code kubernetes-server-mock} in CRUD mode (objects are stored, listed by
 * equality label selectors, watched and deleted) made faithful where a grant backend depends on the
 * real server's behaviour, which the CRUD mock lacks:
 *
 * <ul>
 *   <li>bearer-token identities with RBAC rules: each request is authorised by verb, resource,
 *       namespace and name, and refused with 403 like the real authorizer; {@link #adminToken()}
 *       may do everything;
 *   <li>the escalation check: creating or updating a binding needs {@code bind} on the referenced
 *       Role or ClusterRole (the fake models no role contents, so holding the role's permissions
 *       does not count);
 *   <li>SelfSubjectAccessReview answered from the same rules (the CRUD mock answers 422);
 *   <li>namespaced objects can only be created in a namespace that exists (404 otherwise);
 *   <li>a duplicate create is 409 {@code AlreadyExists} (the mock says {@code Invalid});
 *   <li>{@code roleRef} is immutable (422) and bindings are validated;
 *   <li>{@code limit}/{@code continue} paging, in (namespace, name) order;
 *   <li>failures a test injects ({@link #failNext}), a request count and a request log.
 * </ul>
 *
 * <p>Set-based label selectors ({@code in}, {@code notin}) are refused with 400: the CRUD mock
 * would silently ignore them and return everything. Delete preconditions, dry runs and server-side
 * apply are not modelled. Thread-safe.
 */
public final class FakeKubernetes implements AutoCloseable {
  private static final String ADMIN_TOKEN = "fake-kubernetes-admin";

  private final Accounts accounts = new Accounts();
  private final Failures failures = new Failures();
  private final FaithfulDispatcher dispatcher = new FaithfulDispatcher(accounts, failures);
  private final KubernetesMockServer server;
  private final AtomicInteger tokens = new AtomicInteger();
  private final KubernetesClient admin;

  private FakeKubernetes() {
    accounts.register(ADMIN_TOKEN, "kubernetes-admin", true);
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    admin = client(ADMIN_TOKEN);
  }

  /** Starts a fake API server; {@link #close()} stops it. */
  public static FakeKubernetes start() {
    return new FakeKubernetes();
  }

  /** The server's URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The bearer token of an identity that may do everything. */
  public String adminToken() {
    return ADMIN_TOKEN;
  }

  /** A client acting as the admin, for setting up and inspecting the cluster in tests. */
  public KubernetesClient admin() {
    return admin;
  }

  /** A new client acting as whoever {@code token} identifies; the caller closes it. */
  public KubernetesClient client(String token) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withOauthToken(token)
            .withRequestRetryBackoffLimit(0)
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Creates these namespaces (bindings can only be created in namespaces that exist). */
  public FakeKubernetes namespaces(String... names) {
    for (String n : names) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
          .create();
    }
    return this;
  }

  /** Deletes a namespace and, as the real server does in the end, everything in it. */
  public void deleteNamespace(String name) {
    admin.rbac().roleBindings().inNamespace(name).delete();
    admin.rbac().roles().inNamespace(name).delete();
    admin.namespaces().withName(name).delete();
  }

  /** A new identity named {@code user} with no permissions; give it some with its methods. */
  public Identity identity(String user) {
    String token = "token-" + tokens.incrementAndGet() + "-" + user.hashCode();
    return new Identity(token, accounts.register(token, user, false));
  }

  /**
   * Answers the next {@code times} requests whose method is {@code method} (empty: any) and whose
   * path contains {@code pathPart} (empty: any) with an error Status of {@code code}, with the
   * reason the API server gives that code ({@code Conflict}, {@code TooManyRequests}, …).
   */
  public void failNext(String method, String pathPart, int code, int times) {
    failures.add(new Failures.Failure(method, pathPart, code, Statuses.reasonFor(code)), times);
  }

  /** Answers the next request, whatever it is, with an error Status of {@code code}. */
  public void failNext(int code) {
    failNext("", "", code, 1);
  }

  /** Forgets failures injected and not yet used. */
  public void clearFailures() {
    failures.clear();
  }

  /** How many requests reached the server so far. */
  public long requestCount() {
    return dispatcher.requestCount();
  }

  /** Every request so far, as {@code METHOD path?query}. */
  public List<String> requests() {
    return dispatcher.requestLog();
  }

  @Override
  public void close() {
    admin.close();
    server.destroy();
  }

  /**
   * One identity of the fake and its RBAC rules. Each method adds a rule, as a Role (with a
   * namespace) or a ClusterRole bound by a ClusterRoleBinding (without one) would.
   */
  public static final class Identity {
    private final String token;
    private final Accounts.Account account;

    private Identity(String token, Accounts.Account account) {
      this.token = token;
      this.account = account;
    }

    /** The bearer token this identity authenticates with. */
    public String token() {
      return token;
    }

    /** The user name the server knows this identity by. */
    public String user() {
      return account.user();
    }

    /**
     * Allows {@code verbs} on {@code resource} (plural, e.g. {@code rolebindings}) in {@code
     * namespace}, or cluster-wide when {@code namespace} is empty.
     */
    public Identity allow(String resource, String namespace, String... verbs) {
      account.add(new Rule(resource, namespace, Set.of(verbs), Set.of()));
      return this;
    }

    /**
     * Allows {@code bind} on the Role or ClusterRole ({@code kind}) named {@code name}, in {@code
     * namespace} or, when it is empty, everywhere: what the escalation check asks for.
     */
    public Identity allowBind(String kind, String name, String namespace) {
      String resource = kind.equals("Role") ? "roles" : "clusterroles";
      account.add(new Rule(resource, namespace, Set.of("bind"), Set.of(name)));
      return this;
    }

    /** Removes every rule: the identity may do nothing any more. */
    public Identity revokeAll() {
      account.clear();
      return this;
    }
  }
}
