package dev.jit.aws;

import static dev.jit.aws.AwsWorld.ACCOUNT_A;
import static dev.jit.aws.AwsWorld.ACCOUNT_B;

import dev.jit.aws.testkit.FakeAws;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantStep;
import dev.jit.testkit.GrantBackendContract;
import java.util.Map;
import java.util.Optional;

/** The grant-backend contract for {@code aws-sso} against the local AWS. */
class AwsSsoBackendContractTest extends GrantBackendContract {
  private final AwsWorld world = new AwsWorld();

  @Override
  protected GrantBackend createBackend() {
    return new Closing(world.sso(world.ssoConfig()), world);
  }

  @Override
  protected Grant sampleGrant(int n) {
    GrantStep step =
        switch (n) {
          case 1 -> AwsWorld.step(ACCOUNT_A, "ReadOnly", "alice");
          case 2 -> AwsWorld.step(ACCOUNT_A, "Admin", "bob");
          case 3 -> AwsWorld.step(ACCOUNT_B, "ReadOnly", "carol");
          default -> AwsWorld.step(ACCOUNT_B, "Admin", "alice");
        };
    return AwsWorld.grant("req-" + n, step);
  }

  @Override
  protected Optional<Grant> outOfScopeGrant() {
    return Optional.of(AwsWorld.grant("req-x", AwsWorld.step(ACCOUNT_A, "Standing", "alice")));
  }

  @Override
  protected Optional<Grant> vanishedTargetGrant() {
    return Optional.of(AwsWorld.grant("req-v", AwsWorld.step(ACCOUNT_A, "Retired", "alice")));
  }

  @Override
  protected Optional<GrantStep> foreignAccess() {
    String group = "9067b1a2c3-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    world.fake.assign(new FakeAws.Assignment(ACCOUNT_A, world.readOnly, "GROUP", group));
    world.fake.assign(world.assignment(ACCOUNT_A, world.unmanaged, "bob"));
    return Optional.of(
        new GrantStep(
            AwsWorld.NAME, Map.of("accountId", ACCOUNT_A, "permissionSet", "ReadOnly"), group));
  }

  @Override
  protected boolean injectFailure(boolean retryable) {
    if (retryable) {
      world.fake.throttle("*", 1);
    } else {
      world.fake.accessDenied("*", 1);
    }
    return true;
  }

  @Override
  protected long systemCalls() {
    return world.fake.requests().size();
  }
}
