package dev.jit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

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
 * answer {@link GrantCheck#UNKNOWN} and empty. When it does answer, the answer must be true. Every
 * sample grant a test used is revoked after the test, so a real system is left as it was.
 */
public abstract class GrantBackendContract {

  /** The backend under test; called before every test. */
  protected abstract GrantBackend createBackend();

  /**
   * The {@code n}-th of several distinct grants (n = 1, 2, 3, …) this backend can apply; the same n
   * gives an equal grant within one test.
   */
  protected abstract Grant sampleGrant(int n);

  protected GrantBackend backend;
  private final List<Grant> used = new ArrayList<>();

  @BeforeEach
  void createBackendUnderTest() {
    backend = createBackend();
  }

  @AfterEach
  void revokeWhatWasUsed() {
    for (Grant g : used) {
      backend.revoke(g);
    }
  }

  private Grant sample(int n) {
    Grant grant = sampleGrant(n);
    used.add(grant);
    return grant;
  }

  private void assertNotAbsent(Grant grant) {
    assertThat(backend.check(grant))
        .as("check after grant of %s", grant.step())
        .isIn(GrantCheck.HELD, GrantCheck.UNKNOWN);
  }

  private void assertNotHeld(Grant grant) {
    assertThat(backend.check(grant))
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

      backend.grant(g);

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

      backend.revoke(g);

      assertNotHeld(g);
    }

    @Test
    @DisplayName("after grant and revoke the access is not held")
    void grantRevoke() {
      Grant g = sample(1);

      backend.grant(g);
      backend.revoke(g);

      assertNotHeld(g);
    }

    @Test
    @DisplayName("revoking twice succeeds")
    void revokeTwice() {
      Grant g = sample(1);
      backend.grant(g);

      backend.revoke(g);
      backend.revoke(g);

      assertNotHeld(g);
    }

    @Test
    @DisplayName("a grant can be applied again after it was revoked")
    void regrant() {
      Grant g = sample(1);
      backend.grant(g);
      backend.revoke(g);

      backend.grant(g);

      assertNotAbsent(g);
    }

    @Test
    @DisplayName("revoking one grant leaves another in place")
    void revokeOneOfTwo() {
      Grant one = sample(1);
      Grant two = sample(2);
      backend.grant(one);
      backend.grant(two);

      backend.revoke(one);

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
      backend.grant(one);
      backend.grant(two);
      backend.revoke(two);

      Optional<Set<GrantStep>> holdings = backend.holdings();

      holdings.ifPresent(
          h -> assertThat(h).contains(one.step()).doesNotContain(two.step(), three.step()));
    }

    @Test
    @DisplayName("only list steps of this backend")
    void onlyOwnType() {
      backend.grant(sample(1));

      backend
          .holdings()
          .ifPresent(
              h -> assertThat(h).extracting(GrantStep::backend).containsOnly(backend.type()));
    }
  }
}
