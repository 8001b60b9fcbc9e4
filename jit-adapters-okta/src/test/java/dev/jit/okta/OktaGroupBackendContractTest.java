package dev.jit.okta;

import dev.jit.http.testkit.FakeResponse;
import dev.jit.http.testkit.Match;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import dev.jit.spi.StepRules;
import dev.jit.testkit.GrantBackendContract;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The grant-backend contract against the fake Okta, with DPoP on. */
class OktaGroupBackendContractTest extends GrantBackendContract {
  private final OktaWorld world = new OktaWorld();
  private final String vanished;

  OktaGroupBackendContractTest() {
    vanished = world.okta.addGroup("jit-retired");
    world.managed.add(vanished);
    world.okta.deleteGroup(vanished);
    for (int n = 1; n <= 3; n++) {
      world.okta.addUser(login(n));
    }
    world.okta.addUser("admin@example.com");
  }

  private static String login(int n) {
    return "user" + n + "@example.com";
  }

  /** The contract closes the backend after its own clean-up; the fake stops with it. */
  @Override
  protected GrantBackend createBackend() {
    OktaGroupBackend okta = world.backend();
    return new GrantBackend() {
      @Override
      public String type() {
        return okta.type();
      }

      @Override
      public void grant(Grant grant) {
        okta.grant(grant);
      }

      @Override
      public void revoke(Grant grant) {
        okta.revoke(grant);
      }

      @Override
      public GrantCheck check(Grant grant) {
        return okta.check(grant);
      }

      @Override
      public Optional<Set<GrantStep>> holdings() {
        return okta.holdings();
      }

      @Override
      public StepRules stepRules() {
        return okta.stepRules();
      }

      @Override
      public String canonicalPrincipal(String principal) {
        return okta.canonicalPrincipal(principal);
      }

      @Override
      public void close() {
        okta.close();
        world.close();
      }
    };
  }

  @Override
  protected Grant sampleGrant(int n) {
    return OktaWorld.grant(world.managed.get(n % 2), login(n));
  }

  @Override
  protected String principalKind() {
    return "okta-login";
  }

  @Override
  protected Optional<Grant> outOfScopeGrant() {
    return Optional.of(OktaWorld.grant(world.unmanaged, login(1)));
  }

  @Override
  protected Optional<Grant> vanishedTargetGrant() {
    return Optional.of(OktaWorld.grant(vanished, login(1)));
  }

  @Override
  protected Optional<GrantStep> foreignAccess() {
    String admin = world.okta.addUser("standing@example.com");
    world.okta.addMember(world.unmanaged, admin);
    return Optional.of(
        new GrantStep(OktaWorld.NAME, Map.of("groupId", world.unmanaged), "standing@example.com"));
  }

  @Override
  protected boolean injectFailure(boolean retryable) {
    world
        .okta
        .server()
        .faults()
        .respondNext(
            Match.any(),
            1,
            retryable
                ? FakeResponse.empty(503)
                : FakeResponse.json(
                    403,
                    "{\"errorCode\":\"E0000006\",\"errorSummary\":\"You do not have permission to"
                        + " perform the requested action\"}"));
    return true;
  }

  @Override
  protected long systemCalls() {
    return world.okta.calls();
  }
}
