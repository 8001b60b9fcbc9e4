package dev.jit.aws;

import dev.jit.spi.BackendConfig;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code aws-iam-group} instance: the jit-only IAM groups it may add users to ({@code target:
 * {group: payments-readers}}). Every member of these groups is jit's: the drift sweep removes
 * members no request backs, so give the groups no standing members.
 *
 * @param connection credentials, endpoints, rate limit; region defaults to {@code aws-global}
 * @param groups the IAM group names this instance manages
 * @param principalKinds identity kinds steps may use; default {@code [aws-iam-user]}
 */
public record AwsIamGroupConfig(
    AwsConnection connection, List<String> groups, List<String> principalKinds)
    implements BackendConfig {
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

  public AwsIamGroupConfig {
    connection = connection == null ? AwsConnection.of(null) : connection;
    groups = groups == null ? List.of() : List.copyOf(groups);
    principalKinds = principalKinds == null ? List.of("aws-iam-user") : List.copyOf(principalKinds);
  }

  @Override
  public List<Problem> validate() {
    List<Problem> out = new ArrayList<>(connection.validate("connection.", false));
    if (groups.isEmpty()) {
      out.add(new Problem("groups", "must list the jit-only IAM groups this backend manages"));
    }
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i) == null || !NAME.matcher(groups.get(i)).matches()) {
        out.add(new Problem("groups[" + i + "]", "is not an IAM group name"));
      }
    }
    if (principalKinds.isEmpty()) {
      out.add(new Problem("principalKinds", "must not be empty"));
    }
    return List.copyOf(out);
  }

  StepRules stepRules() {
    return StepRules.builder()
        .require(AwsIamGroupBackend.GROUP)
        .principalKinds(principalKinds.toArray(String[]::new))
        .scope(AwsIamGroupBackend.GROUP, java.util.Set.copyOf(groups), "IAM group")
        .build();
  }
}
