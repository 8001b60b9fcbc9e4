package dev.jit.aws;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.testkit.GrantBackendContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The grant-backend contract for {@code aws-iam-group} against the local AWS. */
class AwsIamGroupBackendContractTest extends GrantBackendContract {
  private final AwsWorld world = new AwsWorld();

  static GrantStep step(String group, String user) {
    return new GrantStep("aws-groups", Map.of("group", group), user);
  }

  private static Grant grant(int n, GrantStep step) {
    return new Grant(new RequestId("req-" + n), step, Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Override
  protected GrantBackend createBackend() {
    for (String u : List.of("alice", "bob", "carol", "admin")) {
      world.fake.iamUser(u);
    }
    world.fake.iamGroup("payments-readers");
    world.fake.iamGroup("payments-admins");
    world.fake.iamGroup("standing-admins");
    AwsIamGroupConfig config =
        new AwsIamGroupConfig(
            world.connection(1000, Duration.ZERO),
            List.of("payments-readers", "payments-admins", "retired"),
            null);
    return new Closing(
        new AwsIamGroupBackendFactory().create("aws-groups", config, world.context()), world);
  }

  @Override
  protected String principalKind() {
    return "aws-iam-user";
  }

  @Override
  protected Grant sampleGrant(int n) {
    return switch (n) {
      case 1 -> grant(n, step("payments-readers", "alice"));
      case 2 -> grant(n, step("payments-admins", "alice"));
      default -> grant(n, step("payments-readers", "bob"));
    };
  }

  @Override
  protected Optional<Grant> outOfScopeGrant() {
    return Optional.of(grant(9, step("standing-admins", "alice")));
  }

  @Override
  protected Optional<Grant> vanishedTargetGrant() {
    return Optional.of(grant(8, step("retired", "alice")));
  }

  @Override
  protected Optional<GrantStep> foreignAccess() {
    world.fake.addToGroup("standing-admins", "admin");
    return Optional.of(step("standing-admins", "admin"));
  }

  @Override
  protected boolean injectFailure(boolean retryable) {
    if (retryable) {
      world.fake.serverError("AddUserToGroup", 1);
    } else {
      world.fake.accessDenied("AddUserToGroup", 1);
    }
    return true;
  }

  @Override
  protected long systemCalls() {
    return world.fake.requests().size();
  }
}
