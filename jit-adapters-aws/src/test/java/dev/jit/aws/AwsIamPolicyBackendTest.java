package dev.jit.aws;

import static dev.jit.aws.AwsIamPolicyBackendContractTest.grant;
import static dev.jit.aws.AwsIamPolicyBackendContractTest.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jit.spi.BackendException;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantCheck;
import dev.jit.spi.Problem;
import dev.jit.spi.RequestId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The self-expiring IAM inline policy: its document, its name, its size, its revocation. */
class AwsIamPolicyBackendTest {
  private final AwsWorld world = new AwsWorld();
  private final AwsIamPolicyBackend backend = world.iam(world.iamConfig());

  @AfterEach
  void close() {
    backend.close();
    world.close();
  }

  @Test
  @DisplayName("every statement of the granted policy ends at the grant's expiry")
  void expiryCondition() throws Exception {
    Grant g =
        new Grant(
            new RequestId("req-7"),
            step("s3-read", "alice"),
            Instant.parse("2026-11-25T10:15:30.250Z"));

    backend.grant(g);

    String document = world.fake.inlinePolicies(false, "alice").get("jit.s3-read.req-7");
    JsonNode statements = new ObjectMapper().readTree(document).path("Statement");
    assertThat(statements).isNotEmpty();
    assertThat(statements)
        .allSatisfy(
            s ->
                assertThat(
                        s.path("Condition").path("DateLessThan").path("aws:CurrentTime").asText())
                    .isEqualTo("2026-11-25T10:15:30Z"));
    assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);
  }

  @Test
  @DisplayName("an extension rewrites the request's policy with the new expiry, and only that one")
  void extensionMovesTheCondition() {
    Grant g =
        new Grant(
            new RequestId("req-1"),
            step("s3-read", "alice"),
            Instant.parse("2030-01-01T01:00:00Z"));
    Grant other =
        new Grant(
            new RequestId("req-2"),
            step("s3-read", "alice"),
            Instant.parse("2030-01-01T02:00:00Z"));
    backend.grant(g);
    backend.grant(other);

    backend.extend(g, Instant.parse("2030-01-01T03:00:00Z"));

    Map<String, String> policies = world.fake.inlinePolicies(false, "alice");
    assertThat(policies.get("jit.s3-read.req-1"))
        .contains("2030-01-01T03:00:00Z")
        .doesNotContain("2030-01-01T01:00:00Z");
    assertThat(policies.get("jit.s3-read.req-2")).contains("2030-01-01T02:00:00Z");
    assertThat(backend.check(g)).isEqualTo(GrantCheck.HELD);
  }

  @Test
  @DisplayName("extending a grant whose policy is gone does not bring it back")
  void extensionNeverRegrants() {
    Grant g =
        new Grant(
            new RequestId("req-1"),
            step("s3-read", "alice"),
            Instant.parse("2030-01-01T01:00:00Z"));
    backend.grant(g);
    backend.revoke(g);

    backend.extend(g, Instant.parse("2030-01-01T03:00:00Z"));

    assertThat(world.fake.inlinePolicies(false, "alice")).isEmpty();
    assertThat(backend.check(g)).isEqualTo(GrantCheck.ABSENT);
  }

  @Test
  @DisplayName("overlapping requests write independent policies, each with its own expiry")
  void overlappingRequests() {
    Grant first =
        new Grant(
            new RequestId("req-1"),
            step("s3-read", "alice"),
            Instant.parse("2030-01-01T01:00:00Z"));
    Grant second =
        new Grant(
            new RequestId("req-2"),
            step("s3-read", "alice"),
            Instant.parse("2030-01-01T04:00:00Z"));

    backend.grant(first);
    backend.grant(second);

    Map<String, String> policies = world.fake.inlinePolicies(false, "alice");
    assertThat(policies).containsOnlyKeys("jit.s3-read.req-1", "jit.s3-read.req-2");
    assertThat(policies.get("jit.s3-read.req-1")).contains("2030-01-01T01:00:00Z");
    assertThat(policies.get("jit.s3-read.req-2")).contains("2030-01-01T04:00:00Z");
    assertThat(backend.holdings().orElseThrow()).containsExactly(first.step());
  }

  @Test
  @DisplayName("revoking a step removes its jit policies and leaves the user's other policies")
  void revokeLeavesOthers() {
    world.fake.putInlinePolicy(false, "alice", "standing-s3", AwsWorld.S3_READ);
    backend.grant(grant("req-1", step("s3-read", "alice")));
    backend.grant(grant("req-2", step("logs-read", "alice")));

    backend.revoke(grant("reconciliation", step("s3-read", "alice")));

    assertThat(world.fake.inlinePolicies(false, "alice"))
        .containsOnlyKeys("standing-s3", "jit.logs-read.req-2");
  }

  @Test
  @DisplayName("a principal outside the managed users is refused before any call")
  void unmanagedPrincipal() {
    assertThatThrownBy(() -> backend.grant(grant("req-1", step("s3-read", "mallory"))))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("not an IAM user this backend manages");
    assertThat(world.fake.requests()).isEmpty();
  }

  @Test
  @DisplayName("the user's inline-policy quota reached is a permanent failure")
  void quotaReached() {
    world.fake.putInlinePolicy(
        false, "bob", "big", "{\"Statement\":\"" + "x".repeat(2_000) + "\"}");

    assertThatThrownBy(() -> backend.grant(grant("req-1", step("s3-read", "bob"))))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("LimitExceeded");
  }

  @Test
  @DisplayName("an over-size template is refused at load, naming its key")
  void overSizeTemplate() {
    String statement =
        "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-%03d/*\"}";
    StringBuilder big = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
    for (int i = 0; i < 30; i++) {
      big.append(i == 0 ? "" : ",").append(String.format(statement, i));
    }
    big.append("]}");
    AwsIamPolicyConfig config =
        new AwsIamPolicyConfig(
            null,
            null,
            List.of("alice"),
            Map.of("s3-read", AwsWorld.S3_READ, "s3-all", big.toString()),
            null);

    assertThat(config.validate())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo("templates.s3-all");
              assertThat(p.message()).contains("IAM allows 2048");
            });
    AwsIamPolicyConfig asRole =
        new AwsIamPolicyConfig(null, "role", List.of("deploy"), config.templates(), null);
    assertThat(asRole.validate()).as("fits a role's 10,240").isEmpty();
  }

  @Test
  @DisplayName("templates that are not policy documents are refused at load")
  void badTemplates() {
    AwsIamPolicyConfig config =
        new AwsIamPolicyConfig(
            null,
            "group",
            List.of(),
            Map.of(
                "a", "{not json", "b", "{\"Version\":\"2012-10-17\"}", "c", "{\"Statement\":[{}]}"),
            null);

    assertThat(config.validate())
        .extracting(Problem::key)
        .containsExactlyInAnyOrder("entity", "names", "templates.a", "templates.b", "templates.c");
  }
}
