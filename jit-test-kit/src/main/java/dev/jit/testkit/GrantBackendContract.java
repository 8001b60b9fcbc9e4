package dev.jit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.GrantStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link GrantBackend}. Subclass it and implement {@link #createBackend()} and
 * {@link #sampleGrant(int)} to run it against an implementation (a fake, or a real system in an
 * integration test).
 *
 * <p>{@link GrantBackend#check} and {@link GrantBackend#holdings} are optional: a backend may
 * answer {@link GrantCheck#UNKNOWN} and empty. When it does answer, the answer must be true. An
 * asynchronous backend may answer {@link GrantCheck#PENDING} for a while: the contract checks
 * again, calling {@link #settle()} in between, as the engine would on its timers. Every sample
 * grant a test used is revoked after the test, so a real system is left as it was.
 *
 * <p>The optional hooks ({@link #outOfScopeGrant()}, {@link #vanishedTargetGrant()}, {@link
 * #ownIdentity()}, {@link #foreignAccess()}, {@link #injectFailure(boolean)}) switch on the groups
 * that need them; a backend that can support a hook should, since each one stands for a failure a
 * peer's users hit in production.
 */
public abstract class GrantBackendContract {

  /** The backend under test; called before every test. */
  protected abstract GrantBackend createBackend();

  /**
   * The {@code n}-th of several distinct grants (n = 1, 2, 3, …) this backend can apply; the same n
   * gives an equal grant within one test.
   */
  protected abstract Grant sampleGrant(int n);

  /** The identity kind ({@code principal:} in policy) the samples' principals are of. */
  protected String principalKind() {
    return "email";
  }

  /**
   * Lets time pass for an asynchronous backend between two checks (advance a fake's clock, or do
   * nothing when the platform moves on its own). Called while a check answers PENDING.
   */
  protected void settle() {}

  /** A grant whose target is outside the backend's managed scope; empty when untestable. */
  protected Optional<Grant> outOfScopeGrant() {
    return Optional.empty();
  }

  /**
   * A grant whose target (a group, a role) no longer exists in the system, or never did; empty when
   * untestable. Revoking it must succeed: what is gone is revoked.
   */
  protected Optional<Grant> vanishedTargetGrant() {
    return Optional.empty();
  }

  /** The principal the backend itself acts as in the system; never one of its holdings. */
  protected Optional<String> ownIdentity() {
    return Optional.empty();
  }

  /**
   * Creates access in the managed scope that jit did not grant (an admin membership, a hand-made
   * binding) and returns the step that would describe it if it were wrongly listed; empty when
   * untestable. It must never show up in holdings. The subclass removes it after the test.
   */
  protected Optional<GrantStep> foreignAccess() {
    return Optional.empty();
  }

  /**
   * Makes the next call to the system fail as a {@code retryable} or permanent failure would (a 503
   * or throttling, an access-denied); returns false when the backend cannot be made to.
   */
  protected boolean injectFailure(boolean retryable) {
    return false;
  }

  /** How many calls reached the system so far, or -1 when unknown. */
  protected long systemCalls() {
    return -1;
  }

  protected GrantBackend backend;
  private final List<Grant> used = new ArrayList<>();

  @BeforeEach
  void createBackendUnderTest() {
    backend = createBackend();
  }

  @AfterEach
  void revokeWhatWasUsed() {
    for (Grant g : used) {
      revoke(g);
    }
    backend.close();
  }

  private Grant sample(int n) {
    Grant grant = sampleGrant(n);
    used.add(grant);
    return grant;
  }

  /** The check once the backend no longer reports the grant in progress. */
  protected GrantCheck settled(Grant grant) {
    GrantCheck check = backend.check(grant);
    for (int i = 0; i < 200 && check == GrantCheck.PENDING; i++) {
      settle();
      check = backend.check(grant);
    }
    return check;
  }

  private void grant(Grant g) {
    backend.grant(g);
    settled(g);
  }

  private void revoke(Grant g) {
    backend.revoke(g);
    settled(g);
  }

  private void assertNotAbsent(Grant grant) {
    assertThat(settled(grant))
        .as("check after grant of %s", grant.step())
        .isIn(GrantCheck.HELD, GrantCheck.UNKNOWN);
  }

  private void assertNotHeld(Grant grant) {
    assertThat(settled(grant))
        .as("check without grant of %s", grant.step())
        .isIn(GrantCheck.ABSENT, GrantCheck.UNKNOWN);
  }

  @Nested
  @DisplayName("the samples")
  class Samples {

    @Test
    @DisplayName("every sample step names this backend's type")
    void type() {
      assertThat(backend.type()).isNotBlank();
      for (int n = 1; n <= 3; n++) {
        assertThat(sampleGrant(n).step().backend()).isEqualTo(backend.type());
      }
    }

    @Test
    @DisplayName("the samples are distinct grants")
    void distinct() {
      assertThat(List.of(sampleGrant(1).step(), sampleGrant(2).step(), sampleGrant(3).step()))
          .doesNotHaveDuplicates();
    }
  }

  @Nested
  @DisplayName("granting and revoking")
  class GrantingAndRevoking {

    @Test
    @DisplayName("a granted grant checks as held, if the backend can tell")
    void grantThenCheck() {
      Grant g = sample(1);
      assertNotHeld(g);

      grant(g);

      assertNotAbsent(g);
    }

    @Test
    @DisplayName("granting twice succeeds and keeps the access")
    void grantTwice() {
      Grant g = sample(1);

      backend.grant(g);
      backend.grant(g);

      assertNotAbsent(g);
    }

    @Test
    @DisplayName("revoking what was never granted succeeds")
    void revokeNeverGranted() {
      Grant g = sample(1);

      revoke(g);

      assertNotHeld(g);
    }

    @Test
    @DisplayName("after grant and revoke the access is not held")
    void grantRevoke() {
      Grant g = sample(1);

      grant(g);
      revoke(g);

      assertNotHeld(g);
    }

    @Test
    @DisplayName("revoking twice succeeds")
    void revokeTwice() {
      Grant g = sample(1);
      grant(g);

      revoke(g);
      revoke(g);

      assertNotHeld(g);
    }

    @Test
    @DisplayName("a grant can be applied again after it was revoked")
    void regrant() {
      Grant g = sample(1);
      grant(g);
      revoke(g);

      grant(g);

      assertNotAbsent(g);
    }

    @Test
    @DisplayName("revoking one grant leaves another in place")
    void revokeOneOfTwo() {
      Grant one = sample(1);
      Grant two = sample(2);
      grant(one);
      grant(two);

      revoke(one);

      assertNotHeld(one);
      assertNotAbsent(two);
    }
  }

  @Nested
  @DisplayName("holdings")
  class Holdings {

    @Test
    @DisplayName("list granted steps and not revoked ones, if the backend can list")
    void holdings() {
      Grant one = sample(1);
      Grant two = sample(2);
      Grant three = sample(3);
      grant(one);
      grant(two);
      revoke(two);

      Optional<Set<GrantStep>> holdings = backend.holdings();

      holdings.ifPresent(
          h -> assertThat(h).contains(one.step()).doesNotContain(two.step(), three.step()));
    }

    @Test
    @DisplayName("only list steps of this backend")
    void onlyOwnType() {
      grant(sample(1));

      backend
          .holdings()
          .ifPresent(
              h -> assertThat(h).extracting(GrantStep::backend).containsOnly(backend.type()));
    }
  }

  @Nested
  @DisplayName("principals and scope")
  class PrincipalsAndScope {

    @Test
    @DisplayName("the samples fit the backend's step rules and are spelled canonically")
    void samplesFit() {
      for (int n = 1; n <= 3; n++) {
        GrantStep step = sampleGrant(n).step();
        assertThat(backend.stepRules().check(step.target(), principalKind()))
            .as("step rules on %s", step)
            .isEmpty();
        assertThat(backend.canonicalPrincipal(step.principal())).isEqualTo(step.principal());
        assertThat(backend.canonicalPrincipal(backend.canonicalPrincipal(step.principal())))
            .isEqualTo(backend.canonicalPrincipal(step.principal()));
      }
    }

    @Test
    @DisplayName("a target outside the managed scope is refused by the rules and before any call")
    void outOfScope() {
      Optional<Grant> grant = outOfScopeGrant();
      assumeTrue(grant.isPresent(), "no out-of-scope sample");
      GrantStep step = grant.get().step();
      assertThat(backend.stepRules().check(step.target(), principalKind())).isNotEmpty();
      long before = systemCalls();

      assertThatThrownBy(() -> backend.grant(grant.get()))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.retryable()).as("retryable").isFalse());

      assertThat(systemCalls()).as("calls to the system").isEqualTo(before);
    }

    @Test
    @DisplayName("revoking a grant whose target no longer exists succeeds")
    void vanishedTarget() {
      Optional<Grant> grant = vanishedTargetGrant();
      assumeTrue(grant.isPresent(), "no vanished-target sample");

      revoke(grant.get());

      assertThat(settled(grant.get())).isIn(GrantCheck.ABSENT, GrantCheck.UNKNOWN);
    }

    @Test
    @DisplayName(
        "holdings are exactly the granted steps, never the backend's own identity or foreign access")
    void holdingsAreExact() {
      Optional<GrantStep> foreign = foreignAccess();
      Grant one = sample(1);
      grant(one);

      Optional<Set<GrantStep>> holdings = backend.holdings();

      assumeTrue(holdings.isPresent(), "backend does not list holdings");
      assertThat(holdings.get()).contains(one.step());
      foreign.ifPresent(f -> assertThat(holdings.get()).doesNotContain(f));
      ownIdentity()
          .ifPresent(
              me -> assertThat(holdings.get()).extracting(GrantStep::principal).doesNotContain(me));
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    @DisplayName("a failure that may pass is retryable")
    void retryable() {
      assumeTrue(injectFailure(true), "backend cannot inject a retryable failure");

      assertThatThrownBy(() -> backend.grant(sample(1)))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.retryable()).as("retryable").isTrue());
    }

    @Test
    @DisplayName("a failure that will not pass is permanent")
    void permanent() {
      assumeTrue(injectFailure(false), "backend cannot inject a permanent failure");

      assertThatThrownBy(() -> backend.grant(sample(1)))
          .isInstanceOfSatisfying(
              BackendException.class, e -> assertThat(e.retryable()).as("retryable").isFalse());
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {

    @Test
    @DisplayName("the same step granted from several threads at once is held once, without errors")
    void sameStepGranted() throws Exception {
      Grant g = sample(1);

      Race.run(
          4,
          i ->
              () -> {
                backend.grant(g);
                return null;
              });

      assertNotAbsent(g);
      backend.holdings().ifPresent(h -> assertThat(h).contains(g.step()));
    }

    @Test
    @DisplayName("the same step revoked from several threads at once is gone, without errors")
    void sameStepRevoked() throws Exception {
      Grant g = sample(1);
      grant(g);

      Race.run(
          4,
          i ->
              () -> {
                backend.revoke(g);
                return null;
              });

      assertNotHeld(g);
    }

    @Test
    @DisplayName("different steps granted and revoked at once each end as asked")
    void differentSteps() throws Exception {
      Grant one = sample(1);
      Grant two = sample(2);
      Grant three = sample(3);
      grant(two);

      Race.run(
          3,
          i ->
              () -> {
                switch (i) {
                  case 0 -> backend.grant(one);
                  case 1 -> backend.revoke(two);
                  default -> backend.grant(three);
                }
                return null;
              });

      assertNotAbsent(one);
      assertNotHeld(two);
      assertNotAbsent(three);
    }
  }
}
