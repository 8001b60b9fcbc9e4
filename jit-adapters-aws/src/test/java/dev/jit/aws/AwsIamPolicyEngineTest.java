package dev.jit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.ReconciliationReport;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine over self-expiring IAM inline policies on the local AWS. */
class AwsIamPolicyEngineTest {
  static final String POLICY =
      AwsEngine.policy(
          """
                read:
                  steps:
                    - backend: aws-iam
                      principal: aws-iam-user
                      target: { policy: s3-read }
          """);

  private final AwsEngine w = new AwsEngine(POLICY, world -> world.iam(world.iamConfig()));

  @AfterEach
  void close() {
    w.close();
  }

  @Test
  @DisplayName("the granted policy ends at the request's expiry, and expiry deletes it")
  void fullFlow() {
    RequestId id = w.approved(AwsEngine.READ, Duration.ofHours(1));
    assertThat(w.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    String name = "jit.s3-read." + id.value();
    assertThat(w.aws.fake.inlinePolicies(false, "alice")).containsOnlyKeys(name);
    assertThat(w.aws.fake.inlinePolicies(false, "alice").get(name))
        .contains("\"aws:CurrentTime\":\"" + w.load(id).expiresAt().orElseThrow() + "\"");

    w.advance(Duration.ofHours(1));

    assertThat(w.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    assertThat(w.aws.fake.inlinePolicies(false, "alice")).isEmpty();
    w.assertAuditIntact();
  }

  @Test
  @DisplayName("drift: an unbacked jit policy is deleted, the user's own policies are not")
  void drift() {
    w.aws.fake.putInlinePolicy(false, "bob", "jit.s3-read.old-request", AwsWorld.S3_READ);
    w.aws.fake.putInlinePolicy(false, "bob", "standing-s3", AwsWorld.S3_READ);

    ReconciliationReport report = w.engine.reconcile();

    assertThat(report.revoked()).extracting(s -> s.principal()).containsExactly("bob");
    assertThat(w.aws.fake.inlinePolicies(false, "bob")).containsOnlyKeys("standing-s3");
  }
}
