package dev.jit.aws;

import dev.jit.aws.internal.AwsCalls;
import dev.jit.aws.internal.AwsClients;
import dev.jit.aws.internal.IamInlinePolicies;
import dev.jit.aws.internal.PolicyTemplate;
import dev.jit.aws.internal.TokenBucket;
import dev.jit.spi.BackendContext;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.StepRules;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Gives an IAM user or role a jit-managed inline policy rendered from a template, named {@code
 * jit.<template>.<requestId>}, whose every statement carries {@code DateLessThan aws:CurrentTime} =
 * the grant's expiry: IAM ends the access at expiry by itself, even if jit is down or its revoke
 * fails. Each request writes its own policy with its own expiry, so overlapping requests never
 * shorten or extend each other. Revoking a step deletes every {@code jit.<template>.} policy of the
 * entity: the engine revokes a step only when no other open request holds it.
 *
 * <p>Permissions of temporary credentials are evaluated per request, so deleting the policy also
 * cuts sessions in progress (after IAM's propagation delay). Thread-safe.
 */
public final class AwsIamPolicyBackend implements GrantBackend {
  public static final String POLICY = "policy";
  static final String PREFIX = "jit.";

  private final String name;
  private final AwsIamPolicyConfig config;
  private final StepRules rules;
  private final AwsClients clients;
  private final IamInlinePolicies policies;
  private final Map<String, PolicyTemplate> templates = new HashMap<>();

  AwsIamPolicyBackend(String name, AwsIamPolicyConfig config, BackendContext context) {
    this.name = name;
    this.config = config;
    this.rules = config.stepRules();
    this.clients = new AwsClients(config.connection().clientSettings(name, "aws-global"), context);
    AwsConnection c = config.connection();
    AwsCalls calls =
        new AwsCalls(name, new TokenBucket(c.callsPerSecond(), c.permitWait(), context.clock()));
    this.policies =
        new IamInlinePolicies(clients.client(IamClient.builder(), "iam"), calls, config.roles());
    config.templates().forEach((n, json) -> templates.put(n, PolicyTemplate.parse(json)));
  }

  @Override
  public String type() {
    return name;
  }

  @Override
  public StepRules stepRules() {
    return rules;
  }

  /** The policy name of one request's grant. */
  static String policyName(Grant grant) {
    return PREFIX + grant.step().targetValue(POLICY) + "." + grant.requestId().value();
  }

  @Override
  public void grant(Grant grant) {
    var problems = rules.check(grant.step().target(), config.principalKinds().get(0));
    if (!problems.isEmpty() || !config.names().contains(grant.step().principal())) {
      throw BackendException.permanent(
          name
              + ": "
              + grant.step()
              + " is refused: "
              + (problems.isEmpty()
                  ? "not an IAM " + config.entity() + " this backend manages"
                  : problems.toString()));
    }
    String document = templates.get(grant.step().targetValue(POLICY)).render(grant.expiresAt());
    policies.put(grant.step().principal(), policyName(grant), document, grant.requestId().value());
  }

  /**
   * Rewrites this request's policy with {@code newExpiry} in every condition, if the policy is
   * still there: an extension never re-creates access that was revoked.
   */
  @Override
  public void extend(Grant grant, Instant newExpiry) {
    if (!managed(grant)) {
      return;
    }
    String req = grant.requestId().value();
    if (policies.get(grant.step().principal(), policyName(grant), req).isPresent()) {
      String document = templates.get(grant.step().targetValue(POLICY)).render(newExpiry);
      policies.put(grant.step().principal(), policyName(grant), document, req);
    }
  }

  @Override
  public void revoke(Grant grant) {
    if (!managed(grant)) {
      return;
    }
    String entity = grant.step().principal();
    String req = grant.requestId().value();
    String prefix = PREFIX + grant.step().targetValue(POLICY) + ".";
    for (String policy : policies.names(entity, req)) {
      if (policy.startsWith(prefix)) {
        policies.delete(entity, policy, req);
      }
    }
  }

  /**
   * HELD while this request's policy exists; a policy without jit's expiry condition is a failure.
   */
  @Override
  public GrantCheck check(Grant grant) {
    if (!managed(grant)) {
      return GrantCheck.ABSENT;
    }
    Optional<String> document =
        policies.get(grant.step().principal(), policyName(grant), grant.requestId().value());
    if (document.isEmpty()) {
      return GrantCheck.ABSENT;
    }
    if (PolicyTemplate.expiry(document.get()).isEmpty()) {
      throw BackendException.permanent(
          name
              + ": "
              + policyName(grant)
              + " lost its expiry condition; it was edited outside jit");
    }
    return GrantCheck.HELD;
  }

  /** One step per {@code jit.<template>.*} policy of a managed entity, for known templates. */
  @Override
  public Optional<Set<GrantStep>> holdings() {
    Set<GrantStep> out = new HashSet<>();
    for (String entity : config.names()) {
      for (String policy : policies.names(entity, "reconcile")) {
        String[] parts = policy.split("\\.", -1);
        if (parts.length == 3 && parts[0].equals("jit") && templates.containsKey(parts[1])) {
          out.add(new GrantStep(name, Map.of(POLICY, parts[1]), entity));
        }
      }
    }
    return Optional.of(Set.copyOf(out));
  }

  @Override
  public void close() {
    clients.close();
  }

  private boolean managed(Grant grant) {
    return rules.check(grant.step().target(), config.principalKinds().get(0)).isEmpty()
        && config.names().contains(grant.step().principal());
  }
}
