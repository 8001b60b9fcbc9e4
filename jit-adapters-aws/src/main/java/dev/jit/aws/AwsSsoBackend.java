package dev.jit.aws;

import dev.jit.aws.internal.AwsCalls;
import dev.jit.aws.internal.AwsClients;
import dev.jit.aws.internal.IdentityCenterCalls;
import dev.jit.aws.internal.IdentityStoreUsers;
import dev.jit.aws.internal.SessionPreflight;
import dev.jit.aws.internal.SsoAssignmentLists;
import dev.jit.aws.internal.TokenBucket;
import dev.jit.spi.BackendContext;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatus;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * Grants an IAM Identity Center permission set to a user in an account (an account assignment) and
 * removes it again. Steps look like {@code {backend: aws-prod, principal: email, target:
 * {accountId: "123456789012", permissionSet: ReadOnly}}}, where {@code ReadOnly} is a key of the
 * instance's {@code permissionSets}.
 *
 * <p>Assignments change asynchronously: grant and revoke start an operation and {@link #check}
 * answers {@link GrantCheck#PENDING} while it runs, polls its status, throws the platform's
 * FailureReason as a permanent failure when it FAILED, and otherwise answers from the account's
 * assignment list. Grant and revoke are idempotent while an operation is in flight (one operation
 * per tuple, serialised in-process), so the engine's repeated revokes never start a second one.
 * Every call of an instance passes one rate limit ({@code callsPerSecond}) and at most {@code
 * maxOutstandingCreations} creations run at once. The user id resolved at grant is kept, so a
 * revoke after the user was renamed or deleted still removes the assignment.
 *
 * <p>Thread-safe.
 */
public final class AwsSsoBackend implements GrantBackend {
  public static final String ACCOUNT_ID = "accountId";
  public static final String PERMISSION_SET = "permissionSet";
  private static final Logger LOG = LoggerFactory.getLogger(AwsSsoBackend.class);

  private record Tuple(String accountId, String permissionSetArn, String userId) {}

  /** An assignment operation this backend started and has not seen settle in the list yet. */
  private static final class Operation {
    final boolean creation;
    final String requestId;
    volatile boolean succeeded;
    boolean recreate;
    int lagChecks;

    Operation(boolean creation, String requestId) {
      this.creation = creation;
      this.requestId = requestId;
    }
  }

  private final String name;
  private final AwsSsoConfig config;
  private final StepRules rules;
  private final AwsClients clients;
  private final IdentityCenterCalls sso;
  private final AwsCalls calls;
  private final IdentityStoreUsers users;
  private final SsoAssignmentLists lists;
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<Tuple, Operation> operations = new ConcurrentHashMap<>();
  private final Object creationSlots = new Object();

  AwsSsoBackend(String name, AwsSsoConfig config, BackendContext context) {
    this.name = name;
    this.config = config;
    this.rules = config.stepRules();
    this.clients = new AwsClients(config.connection().clientSettings(name, null), context);
    IdentitystoreClient ids = clients.client(IdentitystoreClient.builder(), "identitystore");
    AwsConnection c = config.connection();
    this.calls =
        new AwsCalls(name, new TokenBucket(c.callsPerSecond(), c.permitWait(), context.clock()));
    this.sso =
        new IdentityCenterCalls(
            clients.client(SsoAdminClient.builder(), "sso"), calls, config.instanceArn());
    this.users =
        new IdentityStoreUsers(
            ids, calls, config.identityStoreId(), config.userAttribute().equals("email"));
    this.lists = new SsoAssignmentLists(name, sso, users);
    config.permissionSets().forEach((n, arn) -> names.put(arn, n));
  }

  @Override
  public String type() {
    return name;
  }

  @Override
  public StepRules stepRules() {
    return rules;
  }

  @Override
  public String canonicalPrincipal(String principal) {
    return IdentityStoreUsers.canonical(principal);
  }

  @Override
  public void grant(Grant grant) {
    String[] target = scoped(grant, true);
    String req = grant.requestId().value();
    String principal = grant.step().principal();
    String userId = users.require(name, principal, req);
    Tuple t = new Tuple(target[0], target[1], userId);
    synchronized (lock(t)) {
      Operation op = operations.get(t);
      if (op != null && op.creation) {
        return;
      }
      if (op != null && !op.succeeded) {
        // A grant racing an expiring revoke of the same tuple (TEAM #513): create it again once
        // the deletion ends; check() answers in progress until then.
        op.recreate = true;
        LOG.info("{}: {} will be created again after its removal ends", name, grant.step());
        return;
      }
      operations.remove(t);
      if (listed(t, req)) {
        return;
      }
      users.requireEnabled(principal, t.userId(), req);
      synchronized (creationSlots) {
        ensureCreationSlot(req);
        start(t, true, req);
      }
    }
  }

  @Override
  public void revoke(Grant grant) {
    String[] target = scoped(grant, false);
    if (target == null) {
      return;
    }
    String req = grant.requestId().value();
    Optional<String> userId = users.find(grant.step().principal(), req);
    if (userId.isEmpty()) {
      LOG.warn(
          "{}: {} is not in the identity store and was never resolved here; nothing to revoke",
          name,
          grant.step());
      return;
    }
    Tuple t = new Tuple(target[0], target[1], userId.get());
    synchronized (lock(t)) {
      Operation op = operations.get(t);
      if (op != null && !op.creation && !op.succeeded) {
        op.recreate = false;
        return;
      }
      if (op != null && !op.succeeded) {
        if (status(op, req).status() == StatusValues.IN_PROGRESS) {
          throw BackendException.retryable(
              name + ": the assignment " + grant.step() + " is still being created");
        }
      }
      operations.remove(t);
      if (!listed(t, req)) {
        return;
      }
      try {
        start(t, false, req);
      } catch (BackendException e) {
        if (!AwsCalls.notFound(e)) {
          throw e;
        }
      }
    }
  }

  @Override
  public GrantCheck check(Grant grant) {
    String[] target = scoped(grant, false);
    if (target == null) {
      return GrantCheck.ABSENT;
    }
    String req = grant.requestId().value();
    Optional<String> userId = users.find(grant.step().principal(), req);
    if (userId.isEmpty()) {
      return GrantCheck.ABSENT;
    }
    Tuple t = new Tuple(target[0], target[1], userId.get());
    synchronized (lock(t)) {
      Operation op = operations.get(t);
      if (op != null && !op.succeeded) {
        AccountAssignmentOperationStatus s = status(op, req);
        if (s.status() == StatusValues.IN_PROGRESS) {
          return GrantCheck.PENDING;
        }
        if (op.recreate) {
          operations.remove(t);
          if (listed(t, req)) {
            return GrantCheck.HELD;
          }
          start(t, true, req);
          return GrantCheck.PENDING;
        }
        if (s.status() == StatusValues.FAILED) {
          operations.remove(t);
          if (!op.creation && !listed(t, req)) {
            return GrantCheck.ABSENT;
          }
          throw BackendException.permanent(
              name
                  + ": "
                  + (op.creation ? "creating" : "deleting")
                  + " the assignment "
                  + grant.step()
                  + " FAILED: "
                  + s.failureReason());
        }
        op.succeeded = true;
      }
      boolean held = listed(t, req);
      if (op == null && !held && adopt(t, true, req)) {
        return GrantCheck.PENDING;
      }
      if (op != null) {
        if (held != op.creation && op.lagChecks++ < config.listLagChecks()) {
          return GrantCheck.PENDING;
        }
        operations.remove(t);
      }
      return held ? GrantCheck.HELD : GrantCheck.ABSENT;
    }
  }

  /**
   * USER assignments of the managed permission sets in the managed accounts, with principals
   * spelled as steps spell them; GROUP assignments and users no longer in the store are left out.
   */
  @Override
  public Optional<Set<GrantStep>> holdings() {
    return Optional.of(
        lists.holdings(config.permissionSets(), config.accounts(), ACCOUNT_ID, PERMISSION_SET));
  }

  /**
   * What to fix before serving, found with read-only calls: managed permission sets that cannot be
   * described, and ones whose SessionDuration exceeds {@code maxSessionDuration} (sessions opened
   * before a revoke keep working that long; deleting an assignment does not end them).
   */
  public List<Problem> preflight() {
    List<Problem> out =
        SessionPreflight.check(sso, config.permissionSets(), config.maxSessionDuration());
    out.forEach(p -> LOG.warn("{}: {}", name, p));
    return out;
  }

  @Override
  public void close() {
    clients.close();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * {@code [accountId, permissionSetArn]} of an in-scope step; out of scope it is a permanent
   * failure when {@code strict}, else null (nothing of jit's to remove or check). No remote call.
   */
  private String[] scoped(Grant grant, boolean strict) {
    GrantStep step = grant.step();
    List<Problem> problems = rules.check(step.target(), config.principalKinds().get(0));
    if (!problems.isEmpty()) {
      if (strict) {
        throw BackendException.permanent(name + ": " + step + " is refused: " + problems);
      }
      return null;
    }
    return new String[] {
      step.targetValue(ACCOUNT_ID), config.permissionSets().get(step.targetValue(PERMISSION_SET))
    };
  }

  private Object lock(Tuple t) {
    return locks.computeIfAbsent(
        t.accountId() + "|" + t.permissionSetArn() + "|" + t.userId(), k -> new Object());
  }

  /**
   * Starts the creation or deletion. A conflict may be an operation on the tuple that an earlier
   * process started and did not see finish: that one is adopted and polled instead.
   */
  private void start(Tuple t, boolean creation, String req) {
    AccountAssignmentOperationStatus s;
    try {
      s = sso.start(creation, t.accountId(), t.permissionSetArn(), t.userId(), req);
    } catch (BackendException e) {
      if (AwsCalls.code(e).equals("ConflictException") && adopt(t, creation, req)) {
        return;
      }
      throw e;
    }
    started(t, creation, s);
  }

  /** Adopts an in-progress operation on the tuple that this process did not start. */
  private boolean adopt(Tuple t, boolean creation, String req) {
    Optional<String> running =
        sso.inProgress(creation, t.accountId(), t.permissionSetArn(), t.userId(), req);
    running.ifPresent(
        id -> {
          operations.put(t, new Operation(creation, id));
          LOG.info(
              "{}: polling the {} {} started earlier",
              name,
              creation ? "creation" : "deletion",
              id);
        });
    return running.isPresent();
  }

  private void started(Tuple t, boolean creation, AccountAssignmentOperationStatus s) {
    if (s.status() == StatusValues.FAILED) {
      throw BackendException.permanent(
          name
              + ": "
              + (creation ? "creating" : "deleting")
              + " the assignment FAILED: "
              + s.failureReason());
    }
    Operation op = new Operation(creation, s.requestId());
    op.succeeded = s.status() == StatusValues.SUCCEEDED;
    operations.put(t, op);
    LOG.info(
        "{}: {} of {} in {} for user {} is {} (request {})",
        name,
        creation ? "creation" : "deletion",
        names.get(t.permissionSetArn()),
        t.accountId(),
        t.userId(),
        s.status(),
        s.requestId());
  }

  private AccountAssignmentOperationStatus status(Operation op, String req) {
    return sso.status(op.creation, op.requestId, req);
  }

  /**
   * Refuses a creation, retryably, while {@code maxOutstandingCreations} are in flight; the ones
   * this backend counts as running are polled first, so finished ones do not count. Called under
   * {@code creationSlots}, so two grants cannot both take the last slot.
   */
  private void ensureCreationSlot(String req) {
    List<Map.Entry<Tuple, Operation>> running =
        operations.entrySet().stream()
            .filter(e -> e.getValue().creation && !e.getValue().succeeded)
            .toList();
    if (running.size() < config.maxOutstandingCreations()) {
      return;
    }
    int still = 0;
    for (Map.Entry<Tuple, Operation> e : running) {
      AccountAssignmentOperationStatus s = status(e.getValue(), req);
      if (s.status() == StatusValues.IN_PROGRESS) {
        still++;
      }
    }
    if (still >= config.maxOutstandingCreations()) {
      throw BackendException.retryable(
          name + ": " + still + " assignment creations are in flight, the most this backend runs");
    }
  }

  /** Whether the assignment is in the list; a permission set that no longer exists holds none. */
  private boolean listed(Tuple t, String req) {
    return lists.listed(t.accountId(), t.permissionSetArn(), t.userId(), req);
  }
}
