package dev.jit.aws;

import dev.jit.aws.internal.AwsCalls;
import dev.jit.aws.internal.AwsClients;
import dev.jit.aws.internal.TokenBucket;
import dev.jit.spi.BackendContext;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.StepRules;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.ListGroupsForUserResponse;

/**
 * Makes an IAM user a member of a jit-only IAM group, and removes it again. IAM memberships have no
 * expiry: access ends when jit revokes it or the drift sweep finds it unbacked. Prefer {@code
 * aws-iam-policy}, whose policies expire on their own. Thread-safe.
 */
public final class AwsIamGroupBackend implements GrantBackend {
  public static final String GROUP = "group";

  private final String name;
  private final AwsIamGroupConfig config;
  private final StepRules rules;
  private final AwsClients clients;
  private final IamClient iam;
  private final AwsCalls calls;

  AwsIamGroupBackend(String name, AwsIamGroupConfig config, BackendContext context) {
    this.name = name;
    this.config = config;
    this.rules = config.stepRules();
    this.clients = new AwsClients(config.connection().clientSettings(name, "aws-global"), context);
    this.iam = clients.client(IamClient.builder(), "iam");
    AwsConnection c = config.connection();
    this.calls =
        new AwsCalls(name, new TokenBucket(c.callsPerSecond(), c.permitWait(), context.clock()));
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
  public void grant(Grant grant) {
    var problems = rules.check(grant.step().target(), config.principalKinds().get(0));
    if (!problems.isEmpty()) {
      throw BackendException.permanent(name + ": " + grant.step() + " is refused: " + problems);
    }
    calls.call(
        "AddUserToGroup",
        () ->
            iam.addUserToGroup(
                r ->
                    r.groupName(grant.step().targetValue(GROUP))
                        .userName(grant.step().principal())
                        .overrideConfiguration(AwsCalls.tag(grant.requestId().value()))));
  }

  @Override
  public void revoke(Grant grant) {
    if (!managed(grant)) {
      return;
    }
    try {
      calls.call(
          "RemoveUserFromGroup",
          () ->
              iam.removeUserFromGroup(
                  r ->
                      r.groupName(grant.step().targetValue(GROUP))
                          .userName(grant.step().principal())
                          .overrideConfiguration(AwsCalls.tag(grant.requestId().value()))));
    } catch (BackendException e) {
      if (!AwsCalls.notFound(e)) {
        throw e;
      }
    }
  }

  /** Whether the user is in the group, from the user's groups (every page). */
  @Override
  public GrantCheck check(Grant grant) {
    if (!managed(grant)) {
      return GrantCheck.ABSENT;
    }
    String group = grant.step().targetValue(GROUP);
    String marker = null;
    try {
      do {
        String m = marker;
        ListGroupsForUserResponse page =
            calls.call(
                "ListGroupsForUser",
                () ->
                    iam.listGroupsForUser(
                        r ->
                            r.userName(grant.step().principal())
                                .marker(m)
                                .maxItems(1000)
                                .overrideConfiguration(AwsCalls.tag(grant.requestId().value()))));
        if (page.groups().stream().anyMatch(g -> g.groupName().equals(group))) {
          return GrantCheck.HELD;
        }
        marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
      } while (marker != null);
    } catch (BackendException e) {
      if (AwsCalls.notFound(e)) {
        return GrantCheck.ABSENT;
      }
      throw e;
    }
    return GrantCheck.ABSENT;
  }

  /** Every member of every managed group; a group that no longer exists holds none. */
  @Override
  public Optional<Set<GrantStep>> holdings() {
    Set<GrantStep> out = new HashSet<>();
    for (String group : config.groups()) {
      String marker = null;
      try {
        do {
          String m = marker;
          GetGroupResponse page =
              calls.call(
                  "GetGroup",
                  () ->
                      iam.getGroup(
                          r ->
                              r.groupName(group)
                                  .marker(m)
                                  .maxItems(1000)
                                  .overrideConfiguration(AwsCalls.tag("reconcile"))));
          page.users()
              .forEach(u -> out.add(new GrantStep(name, Map.of(GROUP, group), u.userName())));
          marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
      } catch (BackendException e) {
        if (!AwsCalls.notFound(e)) {
          throw e;
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
    return rules.check(grant.step().target(), config.principalKinds().get(0)).isEmpty();
  }
}
