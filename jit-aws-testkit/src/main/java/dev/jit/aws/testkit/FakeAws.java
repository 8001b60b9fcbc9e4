package dev.jit.aws.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.http.testkit.FakeHttpServer;
import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.Fault;
import dev.jit.http.testkit.Faults;
import dev.jit.http.testkit.RecordedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A local AWS that the real AWS SDK for Java v2 talks to through {@code endpointOverride(uri())}:
 * IAM Identity Center ({@code SWBExternalService.*}) and the Identity Store ({@code
 * AWSIdentityStore.*}) over AWS JSON 1.1, IAM ({@code Version=2010-05-08}) and STS ({@code
 * 2011-06-15}) over the Query protocol, all on one port of 127.0.0.1.
 *
 * <p>Faithful where jit's correctness depends on it: account assignments are asynchronous (a
 * creation or deletion stays {@code IN_PROGRESS} for {@link Settings#pollsUntilDone} status polls
 * and only then changes the assignments), a second operation on a tuple in flight is a {@code
 * ConflictException}, outstanding creations are capped ({@code ServiceQuotaExceededException}),
 * lists page with small pages ({@code NextToken}, {@code Marker}), IAM documents come back
 * URL-encoded and the inline-policy size quotas are enforced ({@code LimitExceeded}), model
 * patterns are checked ({@code ValidationException}). Every request must carry a SigV4 {@code
 * Authorization} header whose credential names an accepted access key and the service's signing
 * name ({@code sso}, {@code identitystore}, {@code iam}, {@code sts}); the signature itself is not
 * recomputed. Tests script failures with {@link #failNextCreation}, {@link #throttle}, {@link
 * #conflict}, {@link #serverError}, {@link #accessDenied} and the HTTP kit's {@link #faults()}
 * (latency, dropped connections), and count calls with {@link #calls}.
 *
 * <p>Thread-safe. Close it after use.
 */
public final class FakeAws implements AutoCloseable {
  /** The access key the fake accepts unless told otherwise. */
  public static final String ACCESS_KEY = "AKIAJITFAKE000000001";

  /** The secret of {@link #ACCESS_KEY} (the fake does not check signatures). */
  public static final String SECRET_KEY = "fake-secret-key-for-tests-only";

  /** The account the fake's IAM and STS live in. */
  public static final String ACCOUNT = "111122223333";

  private static final Set<String> QUERY_ACTIONS =
      Set.of(
          "PutUserPolicy",
          "PutRolePolicy",
          "GetUserPolicy",
          "GetRolePolicy",
          "DeleteUserPolicy",
          "DeleteRolePolicy",
          "ListUserPolicies",
          "ListRolePolicies",
          "AddUserToGroup",
          "RemoveUserFromGroup",
          "GetGroup",
          "ListGroupsForUser",
          "GetCallerIdentity",
          "AssumeRole");

  /** Behaviour knobs; change them between calls. */
  public static final class Settings {
    volatile int pollsUntilDone = 2;
    volatile int outstandingCreations = 15;
    volatile int pageSize = 2;
    volatile boolean emptyFirstPage = true;

    private Settings() {}

    /**
     * How many status polls an assignment operation stays IN_PROGRESS (default 2; 0 = done at
     * once).
     */
    public Settings pollsUntilDone(int polls) {
      pollsUntilDone = polls;
      return this;
    }

    /** The outstanding-creation quota (default 15, as the service). */
    public Settings outstandingCreations(int max) {
      outstandingCreations = max;
      return this;
    }

    /** Items per page at most (default 2). */
    public Settings pageSize(int size) {
      pageSize = size;
      return this;
    }

    /** Whether a list's first page is empty but carries a token (default true). */
    public Settings emptyFirstPage(boolean empty) {
      emptyFirstPage = empty;
      return this;
    }
  }

  /** One account assignment: a principal (USER or GROUP) holding a permission set in an account. */
  public record Assignment(
      String accountId, String permissionSetArn, String principalType, String principalId) {
    public Assignment {
      Objects.requireNonNull(accountId);
      Objects.requireNonNull(permissionSetArn);
      Objects.requireNonNull(principalType);
      Objects.requireNonNull(principalId);
    }
  }

  private final Settings settings = new Settings();
  private final IdentityCenter idc;
  private final Iam iam = new Iam(settings);
  private final IamGroups groups = new IamGroups(settings, iam::userExists);
  private final Set<String> keys = ConcurrentHashMap.newKeySet();
  private final FakeHttpServer server;

  private FakeAws(Clock clock) {
    this.idc =
        new IdentityCenter(
            "arn:aws:sso:::instance/ssoins-7223f8e0b2a1c9d4", "d-9067b1a2c3", settings);
    keys.add(ACCESS_KEY);
    this.server = FakeHttpServer.builder().name("fake-aws").clock(clock).start(this::route);
  }

  /** Starts a fake on an ephemeral port of 127.0.0.1. */
  public static FakeAws start() {
    return new FakeAws(Clock.systemUTC());
  }

  /** The endpoint to pass to every client's {@code endpointOverride}. */
  public URI uri() {
    return URI.create(server.baseUrl());
  }

  public Settings settings() {
    return settings;
  }

  /** Latency and dropped connections, from the shared HTTP kit. */
  public Faults faults() {
    return server.faults();
  }

  // ---------------------------------------------------------------- Identity Center state

  public String instanceArn() {
    return idc.instanceArn;
  }

  public String identityStoreId() {
    return idc.identityStoreId;
  }

  /** Creates a permission set and answers its ARN. */
  public String permissionSet(String name, Duration sessionDuration) {
    return idc.permissionSet(name, sessionDuration.toString()).arn();
  }

  /** Creates an ENABLED identity-store user and answers its UserId. */
  public String user(String userName, String email) {
    return idc.user(userName, email).id();
  }

  /** Marks a user DISABLED in the identity store. */
  public void disableUser(String userId) {
    idc.disableUser(userId);
  }

  /** Deletes a user from the identity store; their assignments stay, as in the real service. */
  public void deleteUser(String userId) {
    idc.deleteUser(userId);
  }

  /** The current assignments (operations in flight not yet applied). */
  public Set<Assignment> assignments() {
    return idc.assignments();
  }

  /** Adds an assignment directly, as an administrator would (standing access, drift). */
  public void assign(Assignment assignment) {
    idc.assign(assignment);
  }

  public void unassign(Assignment assignment) {
    idc.unassign(assignment);
  }

  /** Creations started and not yet finished. */
  public int inFlightCreations() {
    return idc.inFlightCreations();
  }

  /**
   * Finishes every assignment operation in flight now, as time passing does in the real service (by
   * default they finish only after {@link Settings#pollsUntilDone} status polls).
   */
  public void settle() {
    idc.settle();
  }

  /** The next assignment creation ends FAILED with this reason. */
  public void failNextCreation(String reason) {
    idc.failNextCreation(reason);
  }

  /** The next assignment deletion ends FAILED with this reason. */
  public void failNextDeletion(String reason) {
    idc.failNextDeletion(reason);
  }

  // ---------------------------------------------------------------- IAM state

  public void iamUser(String name) {
    iam.user(name);
  }

  public void iamRole(String name) {
    iam.role(name);
  }

  /** Creates an IAM group. */
  public void iamGroup(String name) {
    groups.group(name);
  }

  /** The members of an IAM group. */
  public Set<String> groupMembers(String group) {
    return groups.members(group);
  }

  /** Adds a member directly, as an administrator would. */
  public void addToGroup(String group, String user) {
    groups.add(group, user);
  }

  /** The inline policies of an IAM user or role, name to (decoded) document. */
  public Map<String, String> inlinePolicies(boolean role, String entity) {
    return iam.policies(role, entity);
  }

  /** Writes an inline policy directly, as an administrator would. */
  public void putInlinePolicy(boolean role, String entity, String name, String document) {
    iam.putPolicy(role, entity, name, document);
  }

  // ---------------------------------------------------------------- faults and counters

  /** The operation ({@code X-Amz-Target} suffix or Query {@code Action}) of a request. */
  public static String operation(RecordedRequest request) {
    Optional<String> target = request.header("X-Amz-Target");
    if (target.isPresent()) {
      String t = target.get();
      return t.substring(t.indexOf('.') + 1);
    }
    return request.formParam("Action").orElse("");
  }

  /** Requests for this operation; {@code "*"} matches every request. */
  public static Predicate<RecordedRequest> call(String operation) {
    return r -> operation.equals("*") || operation.equals(operation(r));
  }

  /** How many requests for this operation reached the fake, injected failures included. */
  public int calls(String operation) {
    return server.count(call(operation));
  }

  /** Every request that reached the fake so far. */
  public List<RecordedRequest> requests() {
    return server.requests();
  }

  /** The next {@code times} calls of the operation are throttled. */
  public Fault throttle(String operation, int times) {
    return inject(operation, times, 400, "ThrottlingException", "Throttling", "Rate exceeded");
  }

  /** The next {@code times} calls conflict with an operation in progress. */
  public Fault conflict(String operation, int times) {
    return inject(
        operation,
        times,
        400,
        "ConflictException",
        "ConcurrentModification",
        "Operation conflicts with another in progress");
  }

  /** The next {@code times} calls fail with a server error. */
  public Fault serverError(String operation, int times) {
    return inject(
        operation, times, 500, "InternalServerException", "ServiceFailure", "Internal error");
  }

  /** The next {@code times} calls are denied, as when jit's role lacks a permission. */
  public Fault accessDenied(String operation, int times) {
    return inject(
        operation, times, 403, "AccessDeniedException", "AccessDenied", "User is not authorized");
  }

  private Fault inject(
      String operation, int times, int status, String jsonType, String queryCode, String message) {
    boolean query = QUERY_ACTIONS.contains(operation);
    int code = query && jsonType.equals("ConflictException") ? 409 : status;
    FakeResponse response =
        query
            ? AwsWire.xmlError(code, Iam.NS, queryCode, message)
            : AwsWire.jsonError(code, jsonType, message);
    return server.faults().respondNext(call(operation), times, response);
  }

  /** Also accept this access key (an assumed role's, say). */
  public void acceptKey(String accessKey) {
    keys.add(accessKey);
  }

  @Override
  public void close() {
    server.close();
  }

  // ---------------------------------------------------------------- dispatch

  private FakeResponse route(RecordedRequest request) {
    Optional<String> target = request.header("X-Amz-Target");
    if (target.isPresent()) {
      String t = target.get();
      String service =
          t.startsWith("SWBExternalService.")
              ? "sso"
              : t.startsWith("AWSIdentityStore.") ? "identitystore" : null;
      if (service == null) {
        return AwsWire.jsonError(400, "UnknownOperationException", "unknown target " + t);
      }
      Optional<FakeResponse> denied = authorize(request, service, false);
      if (denied.isPresent()) {
        return denied.get();
      }
      try {
        JsonNode in = request.json();
        long now = request.receivedAt().getEpochSecond();
        String op = operation(request);
        return AwsWire.json(
            service.equals("sso") ? idc.sso(op, in, now) : idc.identityStore(op, in));
      } catch (AwsError e) {
        return AwsWire.jsonError(e.status, e.code, e.getMessage());
      }
    }
    Map<String, List<String>> form = request.form();
    String version = first(form, "Version");
    String action = first(form, "Action");
    boolean sts = "2011-06-15".equals(version);
    if (action == null || !(sts || "2010-05-08".equals(version))) {
      return AwsWire.xmlError(400, Iam.NS, "InvalidAction", "missing Action or Version");
    }
    Optional<FakeResponse> denied = authorize(request, sts ? "sts" : "iam", true);
    if (denied.isPresent()) {
      return denied.get();
    }
    try {
      if (sts) {
        return sts(action, form);
      }
      return IamGroups.ACTIONS.contains(action)
          ? groups.handle(action, k -> first(form, k))
          : iam.handle(action, k -> first(form, k));
    } catch (AwsError e) {
      return AwsWire.xmlError(e.status, sts ? Sts.NS : Iam.NS, e.code, e.getMessage());
    }
  }

  private FakeResponse sts(String action, Map<String, List<String>> form) {
    FakeResponse out = Sts.handle(action, k -> first(form, k));
    Sts.issuedKey(out).ifPresent(keys::add);
    return out;
  }

  private Optional<FakeResponse> authorize(RecordedRequest request, String service, boolean query) {
    Optional<AwsWire.Scope> scope = AwsWire.scope(request);
    String problem = null;
    if (scope.isEmpty()) {
      problem = "Missing or malformed SigV4 Authorization header";
    } else if (!keys.contains(scope.get().accessKey())) {
      problem = "The security token included in the request is invalid";
    } else if (!scope.get().service().equals(service)) {
      problem = "Credential should be scoped to correct service: '" + service + "'";
    }
    if (problem == null) {
      return Optional.empty();
    }
    return Optional.of(
        query
            ? AwsWire.xmlError(403, Iam.NS, "InvalidClientTokenId", problem)
            : AwsWire.jsonError(400, "UnrecognizedClientException", problem));
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> v = form.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
