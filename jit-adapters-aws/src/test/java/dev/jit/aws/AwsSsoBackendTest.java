package dev.jit.aws;

import static dev.jit.aws.AwsWorld.ACCOUNT_A;
import static dev.jit.aws.AwsWorld.ACCOUNT_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.aws.testkit.FakeAws;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.Problem;
import dev.jit.testkit.FixedBackendContext;
import dev.jit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the aws-sso backend does at its edges: budgets, pre-flight, audit tags, credentials. */
class AwsSsoBackendTest {
  private final AwsWorld world = new AwsWorld();
  private final FakeAws fake = world.fake;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    world.close();
  }

  private AwsSsoBackend backend(AwsSsoConfig config) {
    AwsSsoBackend b = world.sso(config);
    open.add(b);
    return b;
  }

  private static Grant grant(int n) {
    String[] users = {"alice", "bob", "carol"};
    String[] sets = {"ReadOnly", "Admin"};
    String[] accounts = {ACCOUNT_A, ACCOUNT_B};
    return AwsWorld.grant(
        "req-" + n, AwsWorld.step(accounts[n % 2], sets[(n / 2) % 2], users[(n / 4) % 3]));
  }

  @Test
  @DisplayName("a storm of grants sends no more calls than the rate limit allows")
  void rateLimitedStorm() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T09:00:00Z"));
    world.clock = clock;
    fake.settings().pollsUntilDone(0);
    AwsSsoBackend b = backend(world.ssoConfig(5, Duration.ZERO, 10));
    int refused = 0;
    for (int round = 0; round < 3; round++) {
      for (int n = 0; n < 12; n++) {
        try {
          b.grant(grant(n));
        } catch (BackendException e) {
          assertThat(e.retryable()).isTrue();
          refused++;
        }
      }
      assertThat(fake.requests())
          .as("calls after %s s", round)
          .hasSizeLessThanOrEqualTo(5 * (round + 1));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(fake.requests()).hasSize(15);
    assertThat(refused).isPositive();
  }

  @Test
  @DisplayName("throttling answers are retryable and never multiplied by SDK retries")
  void throttlingNotAmplified() {
    fake.throttle("*", 100);
    AwsSsoBackend b = backend(world.ssoConfig());

    for (int n = 0; n < 5; n++) {
      Grant g = grant(n);
      assertThatThrownBy(() -> b.grant(g))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("ThrottlingException");
    }

    assertThat(fake.requests()).hasSize(5);
  }

  private AwsSsoConfig withConnection(String roleArn, Duration timeout) {
    AwsSsoConfig base = world.ssoConfig();
    AwsConnection c = base.connection();
    return new AwsSsoConfig(
        new AwsConnection(
            c.region(),
            c.accessKeyIdEnv(),
            c.secretAccessKeyEnv(),
            null,
            roleArn,
            null,
            null,
            c.endpoints(),
            c.callsPerSecond(),
            c.permitWait(),
            timeout),
        base.instanceArn(),
        base.identityStoreId(),
        base.permissionSets(),
        base.accounts(),
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  @DisplayName("a dropped connection and an answer slower than callTimeout are retryable")
  void droppedAndSlow() {
    AwsSsoBackend b = backend(withConnection(null, Duration.ofSeconds(1)));
    fake.faults().dropNext(FakeAws.call("GetUserId"), 1);

    assertThatThrownBy(() -> b.grant(grant(0)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());

    fake.faults().delayNext(FakeAws.call("GetUserId"), 1, Duration.ofSeconds(5));

    assertThatThrownBy(() -> b.grant(grant(4)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  @DisplayName(
      "no more creations are started than maxOutstandingCreations while they are in flight")
  void outstandingCreationsCapped() {
    fake.settings().pollsUntilDone(100);
    AwsSsoBackend b = backend(world.ssoConfig(1000, Duration.ZERO, 3));
    for (int n = 0; n < 3; n++) {
      b.grant(grant(n));
    }

    assertThatThrownBy(() -> b.grant(grant(3)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("3 assignment creations are in flight");
    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(3);

    fake.settle();
    b.grant(grant(3));
    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(4);
  }

  @Test
  @DisplayName("grants racing for the last creation slots never start more than the cap")
  void outstandingCreationsCappedUnderRace() throws Exception {
    fake.settings().pollsUntilDone(100);
    AwsSsoBackend b = backend(world.ssoConfig(1000, Duration.ZERO, 3));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<?>> results = new ArrayList<>();
    try {
      for (int n = 0; n < 8; n++) {
        Grant g = grant(n);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    b.grant(g);
                  } catch (BackendException e) {
                    assertThat(e.retryable()).isTrue();
                  }
                  return null;
                }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> r : results) {
        r.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(3);
    assertThat(fake.inFlightCreations()).isEqualTo(3);
  }

  @Test
  @DisplayName("the service's creation quota and an unknown user are permanent failures")
  void quotaAndUnknownUser() {
    fake.settings().pollsUntilDone(100).outstandingCreations(1);
    AwsSsoBackend b = backend(world.ssoConfig());
    b.grant(grant(0));

    assertThatThrownBy(() -> b.grant(grant(1)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("ServiceQuotaExceededException");
    assertThatThrownBy(
            () -> b.grant(AwsWorld.grant("req-z", AwsWorld.step(ACCOUNT_A, "ReadOnly", "zoe"))))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("no user with email zoe@example.com");
  }

  @Test
  @DisplayName(
      "a user DISABLED in the identity store is refused, permanently, without an assignment")
  void disabledUser() {
    AwsSsoBackend b = backend(world.ssoConfig());
    fake.disableUser(world.userIds.get("alice@example.com"));

    assertThatThrownBy(() -> b.grant(grant(0)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("DISABLED");
    assertThat(fake.calls("CreateAccountAssignment")).isZero();
  }

  @Test
  @DisplayName("a second creation or deletion while one is in flight is not started")
  void oneOperationPerTuple() {
    fake.settings().pollsUntilDone(3);
    AwsSsoBackend b = backend(world.ssoConfig());
    Grant g = grant(0);
    b.grant(g);
    b.grant(g);
    assertThat(b.check(g)).isEqualTo(GrantCheck.PENDING);
    fake.settle();
    assertThat(b.check(g)).isEqualTo(GrantCheck.HELD);

    b.revoke(g);
    b.revoke(g);
    b.revoke(g);

    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(1);
    assertThat(fake.calls("DeleteAccountAssignment")).isEqualTo(1);
    assertThat(b.check(g)).isEqualTo(GrantCheck.PENDING);
  }

  @Test
  @DisplayName(
      "a grant that arrives while the same assignment is being deleted is created after it")
  void grantDuringDeletion() {
    fake.settings().pollsUntilDone(2);
    AwsSsoBackend b = backend(world.ssoConfig());
    Grant expiring = grant(0);
    Grant next = AwsWorld.grant("req-next", expiring.step());
    b.grant(expiring);
    fake.settle();
    assertThat(b.check(expiring)).isEqualTo(GrantCheck.HELD);
    b.revoke(expiring);

    b.grant(next);

    assertThat(b.check(next)).as("deletion in progress").isEqualTo(GrantCheck.PENDING);
    assertThat(b.check(next)).as("deleted, creation started").isEqualTo(GrantCheck.PENDING);
    fake.settle();
    assertThat(b.check(next)).isEqualTo(GrantCheck.HELD);
    assertThat(fake.assignments())
        .containsExactly(world.assignment(ACCOUNT_A, world.readOnly, "alice"));
    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(2);
  }

  @Test
  @DisplayName("a new process picks up a creation or deletion an earlier one left in progress")
  void restartWhileInProgress() {
    fake.settings().pollsUntilDone(3);
    Grant g = grant(0);
    AwsSsoBackend before = backend(world.ssoConfig());
    before.grant(g);

    AwsSsoBackend after = backend(world.ssoConfig());
    assertThat(after.check(g)).as("creation still in progress").isEqualTo(GrantCheck.PENDING);
    assertThat(after.check(g)).isEqualTo(GrantCheck.PENDING);
    assertThat(after.check(g)).isEqualTo(GrantCheck.HELD);

    after.revoke(g);
    AwsSsoBackend third = backend(world.ssoConfig());
    third.revoke(g);
    assertThat(third.check(g)).as("deletion adopted, not failed").isEqualTo(GrantCheck.PENDING);
    fake.settle();
    assertThat(third.check(g)).isEqualTo(GrantCheck.ABSENT);
    assertThat(fake.calls("CreateAccountAssignment")).isEqualTo(1);
    assertThat(fake.calls("DeleteAccountAssignment"))
        .as("the conflicting second delete")
        .isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a deletion FAILED because the user left the directory counts as absent once the list agrees")
  void deletionFailedForGoneUser() {
    fake.settings().pollsUntilDone(1);
    AwsSsoBackend b = backend(world.ssoConfig());
    Grant g = grant(0);
    b.grant(g);
    assertThat(b.check(g)).isEqualTo(GrantCheck.HELD);
    fake.failNextDeletion("USER assignee is not found in the directory");
    b.revoke(g);
    fake.unassign(world.assignment(ACCOUNT_A, world.readOnly, "alice"));

    assertThat(b.check(g)).isEqualTo(GrantCheck.ABSENT);
  }

  @Test
  @DisplayName("pre-flight reports a permission set whose sessions outlive the longest grant")
  void preflight() {
    AwsSsoBackend b = backend(world.ssoConfig());

    List<Problem> problems = b.preflight();

    assertThat(problems)
        .extracting(Problem::key)
        .containsExactlyInAnyOrder("permissionSets.Admin", "permissionSets.Retired");
    assertThat(problems)
        .filteredOn(p -> p.key().equals("permissionSets.Admin"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("PT8H exceeds maxSessionDuration PT4H"));
  }

  @Test
  @DisplayName("every call names the request in its user agent and is signed for its service")
  void auditTagAndSigning() {
    fake.settings().pollsUntilDone(0);
    AwsSsoBackend b = backend(world.ssoConfig());

    b.grant(AwsWorld.grant("req-42", AwsWorld.step(ACCOUNT_A, "ReadOnly", "alice")));

    assertThat(fake.requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("User-Agent").orElse("")).contains("jit/req-42"));
    assertThat(fake.requests())
        .filteredOn(r -> FakeAws.operation(r).equals("GetUserId"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.header("Authorization").orElseThrow())
                    .contains("/identitystore/aws4_request"));
    assertThat(fake.requests())
        .filteredOn(r -> FakeAws.operation(r).equals("CreateAccountAssignment"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.header("Authorization").orElseThrow()).contains("/sso/aws4_request"));
  }

  @Test
  @DisplayName("with roleArn every call is made with the assumed role's key")
  void assumedRole() {
    fake.settings().pollsUntilDone(0);
    AwsSsoBackend b =
        backend(
            withConnection(
                "arn:aws:iam::" + FakeAws.ACCOUNT + ":role/jit-sso", Duration.ofSeconds(5)));

    b.grant(grant(0));

    assertThat(fake.calls("AssumeRole")).isEqualTo(1);
    assertThat(fake.requests())
        .filteredOn(r -> !FakeAws.operation(r).equals("AssumeRole"))
        .allSatisfy(
            r -> assertThat(r.header("Authorization").orElseThrow()).contains("Credential=ASIA"));
  }

  @Test
  @DisplayName(
      "a key the platform does not know is a permanent failure, and the key is never in it")
  void unknownKey() {
    AwsSsoBackend b =
        new AwsSsoBackendFactory()
            .create(
                "aws-prod",
                world.ssoConfig(),
                FixedBackendContext.of(
                    Map.of("AWS_KEY", "AKIAUNKNOWN000000000", "AWS_SECRET", "s3cr3t-value")));
    open.add(b);

    assertThatThrownBy(() -> b.grant(grant(0)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("UnrecognizedClientException")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  @DisplayName("configuration problems name their keys")
  void validation() {
    AwsSsoConfig ok = world.ssoConfig();
    assertThat(ok.validate()).isEmpty();
    AwsSsoConfig bad =
        new AwsSsoConfig(
            AwsConnection.of(null),
            "arn:aws:sso:::instance/nope",
            null,
            Map.of("ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            List.of("1234"),
            "phone",
            null,
            40,
            null,
            null);

    assertThat(bad.validate())
        .extracting(Problem::key)
        .containsExactlyInAnyOrder(
            "connection.region",
            "instanceArn",
            "identityStoreId",
            "permissionSets.ReadOnly",
            "accounts[0]",
            "userAttribute",
            "maxOutstandingCreations");
  }

  @Test
  @DisplayName("step rules take only managed permission sets and 12-digit managed accounts")
  void stepRules() {
    var rules = new AwsSsoBackendFactory().stepRules(world.ssoConfig());

    assertThat(rules.check(Map.of("accountId", ACCOUNT_A, "permissionSet", "ReadOnly"), "email"))
        .isEmpty();
    assertThat(rules.check(Map.of("accountId", "12345", "permissionSet", "Standing"), "email"))
        .extracting(Problem::key)
        .containsExactly("target.accountId", "target.permissionSet");
    assertThat(
            rules.check(
                Map.of("accountId", "999999999999", "permissionSet", "Admin"), "okta-login"))
        .extracting(Problem::key)
        .containsExactly("principal", "target.accountId");
  }
}
