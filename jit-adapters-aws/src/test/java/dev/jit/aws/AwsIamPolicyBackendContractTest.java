package dev.jit.aws;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.testkit.GrantBackendContract;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The grant-backend contract for {@code aws-iam-policy} against the local AWS. */
class AwsIamPolicyBackendContractTest extends GrantBackendContract {
  private final AwsWorld world = new AwsWorld();

  static GrantStep step(String policy, String user) {
    return new GrantStep("aws-iam", Map.of("policy", policy), user);
  }

  static Grant grant(String request, GrantStep step) {
    return new Grant(new RequestId(request), step, Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Override
  protected GrantBackend createBackend() {
    return new Closing(world.iam(world.iamConfig()), world);
  }

  @Override
  protected String principalKind() {
    return "aws-iam-user";
  }

  @Override
  protected Grant sampleGrant(int n) {
    return switch (n) {
      case 1 -> grant("req-1", step("s3-read", "alice"));
      case 2 -> grant("req-2", step("logs-read", "alice"));
      default -> grant("req-" + n, step("s3-read", "bob"));
    };
  }

  @Override
  protected Optional<Grant> outOfScopeGrant() {
    return Optional.of(grant("req-x", step("admin", "alice")));
  }

  @Override
  protected Optional<Grant> vanishedTargetGrant() {
    return Optional.of(grant("req-v", step("s3-read", "gone")));
  }

  @Override
  protected Optional<GrantStep> foreignAccess() {
    world.fake.putInlinePolicy(false, "alice", "s3-read", AwsWorld.S3_READ);
    world.fake.putInlinePolicy(false, "mallory", "jit.s3-read.req-9", AwsWorld.S3_READ);
    return Optional.of(step("s3-read", "mallory"));
  }

  @Override
  protected boolean injectFailure(boolean retryable) {
    if (retryable) {
      world.fake.throttle("PutUserPolicy", 1);
    } else {
      world.fake.accessDenied("PutUserPolicy", 1);
    }
    return true;
  }

  @Override
  protected long systemCalls() {
    return world.fake.requests().size();
  }
}
