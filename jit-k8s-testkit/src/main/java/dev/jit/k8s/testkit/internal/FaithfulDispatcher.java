package dev.jit.k8s.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fabric8's CRUD dispatcher with what a real API server does on top, for the requests jit makes:
 * authentication by bearer token, RBAC authorisation per verb, the escalation check on bindings
 * ({@code bind} on the referenced role, else 403), SelfSubjectAccessReview answers, namespaces that
 * must exist, {@code AlreadyExists} on a duplicate create, an immutable {@code roleRef}, binding
 * validation, {@code limit}/{@code continue} paging, and failures a test injects. Set-based label
 * selectors, which the CRUD mock would silently ignore, are refused with 400 instead.
 */
public final class FaithfulDispatcher extends KubernetesCrudDispatcher {
  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Accounts accounts;
  private final Failures failures;
  private final AtomicLong requests = new AtomicLong();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Object writes = new Object();

  public FaithfulDispatcher(Accounts accounts, Failures failures) {
    this.accounts = accounts;
    this.failures = failures;
  }

  public long requestCount() {
    return requests.get();
  }

  /** Every request so far, as {@code METHOD path}. */
  public List<String> requestLog() {
    return List.copyOf(log);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getPath();
    requests.incrementAndGet();
    log.add(method + " " + path);
    Optional<Failures.Failure> injected = failures.take(method, path);
    if (injected.isPresent()) {
      Failures.Failure f = injected.get();
      return Statuses.failure(f.code(), f.reason(), "injected by the test: " + f.reason());
    }
    Optional<Accounts.Account> account = accounts.authenticate(request.getHeader("Authorization"));
    if (account.isEmpty()) {
      return Statuses.failure(401, "Unauthorized", "Unauthorized");
    }
    Optional<RequestAttributes> parsed = RequestAttributes.parse(method, path);
    if (parsed.isEmpty()) {
      return super.dispatch(request);
    }
    RequestAttributes a = parsed.get();
    Accounts.Account who = account.get();
    if (a.group().equals("authorization.k8s.io")
        && a.resource().equals("selfsubjectaccessreviews")) {
      return selfSubjectAccessReview(request, who);
    }
    if (!who.allows(a.verb(), a.resource(), a.namespace(), a.name())) {
      return forbidden(a, who);
    }
    String selector = a.query().getOrDefault("labelSelector", "");
    if (selector.contains("(") || selector.contains(" in ") || selector.contains(" notin ")) {
      return Statuses.failure(
          400, "BadRequest", "set-based label selectors are not evaluated by this fake");
    }
    synchronized (writes) {
      if (a.verb().equals("create") && !a.namespace().isEmpty() && !namespaceExists(a)) {
        return Statuses.failure(
            404,
            "NotFound",
            "namespaces \"" + a.namespace() + "\" not found",
            a.namespace(),
            "",
            "namespaces");
      }
      if (a.isBinding()) {
        Optional<MockResponse> refused = checkBinding(request, a, who);
        if (refused.isPresent()) {
          return refused.get();
        }
      }
      if (a.verb().equals("create")) {
        return create(request, a);
      }
      if (a.verb().equals("list") && a.query().containsKey("limit")) {
        return page(super.dispatch(request), a);
      }
      return super.dispatch(request);
    }
  }

  private MockResponse forbidden(RequestAttributes a, Accounts.Account who) {
    String target = a.group().isEmpty() ? a.resource() : a.resource() + "." + a.group();
    String named = a.name().isEmpty() ? "" : " \"" + a.name() + "\"";
    String where =
        a.namespace().isEmpty()
            ? " at the cluster scope"
            : " in the namespace \"" + a.namespace() + "\"";
    return Statuses.failure(
        403,
        "Forbidden",
        target
            + named
            + " is forbidden: User \""
            + who.user()
            + "\" cannot "
            + a.verb()
            + " resource \""
            + a.resource()
            + "\" in API group \""
            + a.group()
            + "\""
            + where,
        a.name(),
        a.group(),
        a.resource());
  }

  private boolean namespaceExists(RequestAttributes a) {
    if (a.group().isEmpty() && a.resource().equals("namespaces")) {
      return true;
    }
    return super.handleGet("/api/v1/namespaces/" + a.namespace()).code() == 200;
  }

  private MockResponse create(RecordedRequest request, RequestAttributes a) {
    Optional<JsonNode> body = body(request);
    String name = body.map(b -> b.path("metadata").path("name").asText("")).orElse("");
    if (!name.isEmpty()) {
      String collection = request.getPath().split("\\?", 2)[0];
      if (super.handleGet(collection + "/" + name).code() == 200) {
        return Statuses.failure(
            409,
            "AlreadyExists",
            a.resource() + "." + a.group() + " \"" + name + "\" already exists",
            name,
            a.group(),
            a.resource());
      }
    }
    return super.dispatch(request);
  }

  /** Validation, the escalation check and roleRef immutability for writes of bindings. */
  private Optional<MockResponse> checkBinding(
      RecordedRequest request, RequestAttributes a, Accounts.Account who) {
    boolean write = a.verb().equals("create") || a.verb().equals("update");
    if (!write && !a.verb().equals("patch")) {
      return Optional.empty();
    }
    boolean cluster = a.resource().equals("clusterrolebindings");
    Optional<JsonNode> body = body(request);
    if (body.isEmpty()) {
      return Optional.of(Statuses.failure(400, "BadRequest", "the request body is not JSON"));
    }
    JsonNode b = body.get();
    String name = a.name().isEmpty() ? b.path("metadata").path("name").asText("") : a.name();
    String kind = cluster ? "ClusterRoleBinding" : "RoleBinding";
    Optional<JsonNode> old = Optional.empty();
    if (!a.verb().equals("create")) {
      MockResponse existing = super.handleGet(request.getPath().split("\\?", 2)[0]);
      if (existing.code() == 200) {
        old = parse(new String(existing.getBody().getBytes(), StandardCharsets.UTF_8));
      }
    }
    JsonNode roleRef = a.verb().equals("patch") ? patchedRoleRef(b, old) : b.path("roleRef");
    if (old.isPresent() && !roleRef.isMissingNode() && !roleRef.equals(old.get().path("roleRef"))) {
      return Optional.of(
          invalid(kind, name, "roleRef: Invalid value: " + roleRef + ": cannot change roleRef"));
    }
    if (!write) {
      return Optional.empty();
    }
    String refKind = roleRef.path("kind").asText("");
    String refName = roleRef.path("name").asText("");
    if (!(refKind.equals("ClusterRole") || (!cluster && refKind.equals("Role")))) {
      return Optional.of(
          invalid(kind, name, "roleRef.kind: Unsupported value: \"" + refKind + "\""));
    }
    if (refName.isEmpty() || !roleRef.path("apiGroup").asText("").equals(RBAC)) {
      return Optional.of(invalid(kind, name, "roleRef: needs name and apiGroup " + RBAC));
    }
    for (JsonNode s : b.path("subjects")) {
      String sk = s.path("kind").asText("");
      boolean userOrGroup = sk.equals("User") || sk.equals("Group");
      if (s.path("name").asText("").isEmpty()
          || !(userOrGroup || sk.equals("ServiceAccount"))
          || (userOrGroup && !s.path("apiGroup").asText("").equals(RBAC))) {
        return Optional.of(invalid(kind, name, "subjects: Invalid value: " + s));
      }
    }
    String roleResource = refKind.equals("Role") ? "roles" : "clusterroles";
    if (!who.allows("bind", roleResource, a.namespace(), refName)) {
      return Optional.of(
          Statuses.failure(
              403,
              "Forbidden",
              a.resource()
                  + "."
                  + RBAC
                  + " \""
                  + name
                  + "\" is forbidden: user \""
                  + who.user()
                  + "\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC"
                  + " permissions not currently held (this fake models no role contents:"
                  + " only 'bind' on "
                  + roleResource
                  + " \""
                  + refName
                  + "\" allows it)",
              name,
              RBAC,
              a.resource()));
    }
    return Optional.empty();
  }

  /** The roleRef a JSON patch or merge patch would leave; missing when it does not touch it. */
  private static JsonNode patchedRoleRef(JsonNode patch, Optional<JsonNode> old) {
    if (patch.isArray()) {
      for (JsonNode op : patch) {
        if (op.path("path").asText("").startsWith("/roleRef")) {
          return JSON.createObjectNode().put("patched", op.toString());
        }
      }
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    JsonNode ref = patch.path("roleRef");
    if (ref.isMissingNode() || old.isEmpty()) {
      return ref;
    }
    ObjectNode merged = old.get().path("roleRef").deepCopy();
    ref.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
    return merged;
  }

  private static MockResponse invalid(String kind, String name, String detail) {
    return Statuses.failure(
        422,
        "Invalid",
        kind + "." + RBAC + " \"" + name + "\" is invalid: " + detail,
        name,
        RBAC,
        kind);
  }

  private MockResponse selfSubjectAccessReview(RecordedRequest request, Accounts.Account who) {
    Optional<JsonNode> body = body(request);
    if (body.isEmpty() || !body.get().path("spec").has("resourceAttributes")) {
      return Statuses.failure(
          400, "BadRequest", "this fake answers resourceAttributes reviews only");
    }
    ObjectNode review = (ObjectNode) body.get().deepCopy();
    JsonNode ra = review.path("spec").path("resourceAttributes");
    boolean allowed =
        who.allows(
            ra.path("verb").asText(""),
            ra.path("resource").asText(""),
            ra.path("namespace").asText(""),
            ra.path("name").asText(""));
    ObjectNode status = review.putObject("status");
    status.put("allowed", allowed);
    if (!allowed) {
      status.put("reason", "no RBAC rule of " + who.user() + " allows it");
    }
    return new MockResponse()
        .setResponseCode(201)
        .setHeader("Content-Type", "application/json")
        .setBody(review.toString());
  }

  /** One page of a list, in the server's (namespace, name) order, with a continue token. */
  private static MockResponse page(MockResponse full, RequestAttributes a) {
    if (full.code() != 200) {
      return full;
    }
    Optional<JsonNode> parsed =
        parse(new String(full.getBody().getBytes(), StandardCharsets.UTF_8));
    if (parsed.isEmpty() || !parsed.get().has("items")) {
      return full;
    }
    ObjectNode list = (ObjectNode) parsed.get();
    int limit;
    int offset = 0;
    try {
      limit = Integer.parseInt(a.query().get("limit"));
      String token = a.query().getOrDefault("continue", "");
      if (!token.isEmpty()) {
        offset =
            Integer.parseInt(
                new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException e) {
      return Statuses.failure(400, "BadRequest", "invalid limit or continue");
    }
    List<JsonNode> items = new ArrayList<>();
    list.get("items").forEach(items::add);
    items.sort(
        Comparator.comparing((JsonNode i) -> i.path("metadata").path("namespace").asText(""))
            .thenComparing(i -> i.path("metadata").path("name").asText("")));
    int end = limit <= 0 ? items.size() : Math.min(items.size(), offset + limit);
    ArrayNode pageItems = list.putArray("items");
    items.subList(Math.min(offset, items.size()), end).forEach(pageItems::add);
    ObjectNode metadata = list.with("metadata");
    if (end < items.size()) {
      metadata.put(
          "continue",
          Base64.getUrlEncoder()
              .encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)));
      metadata.put("remainingItemCount", items.size() - end);
    } else {
      metadata.remove("continue");
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(list.toString());
  }

  private static Optional<JsonNode> body(RecordedRequest request) {
    // getBytes() leaves the body in place for the CRUD dispatcher; getUtf8Body() would consume it.
    return request.getBody() == null
        ? Optional.empty()
        : parse(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
  }

  private static Optional<JsonNode> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
