package dev.jit.aws;

import dev.jit.aws.testkit.FakeAws;
import dev.jit.spi.BackendContext;
import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import dev.jit.spi.RequestId;
import dev.jit.testkit.FixedBackendContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One local AWS for a test: a {@link FakeAws} with two managed permission sets, one unmanaged, two
 * accounts and three users, and configurations of both backend kinds pointed at it.
 */
final class AwsWorld implements AutoCloseable {
  static final String ACCOUNT_A = "123456789012";
  static final String ACCOUNT_B = "210987654321";
  static final String NAME = "aws-prod";

  final FakeAws fake = FakeAws.start();
  final String readOnly = fake.permissionSet("ReadOnly", Duration.ofHours(1));
  final String admin = fake.permissionSet("Admin", Duration.ofHours(8));
  final String unmanaged = fake.permissionSet("Standing", Duration.ofHours(12));
  final String retired = readOnly.replaceAll("ps-.*", "ps-00000000deadbeef");
  final Map<String, String> userIds = new LinkedHashMap<>();
  Clock clock = Clock.systemUTC();

  AwsWorld() {
    for (String u : List.of("alice", "bob", "carol")) {
      userIds.put(email(u), fake.user(u, email(u)));
    }
  }

  static String email(String user) {
    return user + "@example.com";
  }

  BackendContext context() {
    return new FixedBackendContext(
        Map.of("AWS_KEY", FakeAws.ACCESS_KEY, "AWS_SECRET", FakeAws.SECRET_KEY), clock);
  }

  AwsConnection connection(int callsPerSecond, Duration permitWait) {
    String uri = fake.uri().toString();
    return new AwsConnection(
        "us-east-1",
        "AWS_KEY",
        "AWS_SECRET",
        null,
        null,
        null,
        null,
        Map.of("sso", uri, "identitystore", uri, "iam", uri, "sts", uri),
        callsPerSecond,
        permitWait,
        Duration.ofSeconds(5));
  }

  AwsSsoConfig ssoConfig() {
    return ssoConfig(1000, Duration.ZERO, 10);
  }

  AwsSsoConfig ssoConfig(int callsPerSecond, Duration permitWait, int maxCreations) {
    return new AwsSsoConfig(
        connection(callsPerSecond, permitWait),
        fake.instanceArn(),
        fake.identityStoreId(),
        Map.of("ReadOnly", readOnly, "Admin", admin, "Retired", retired),
        List.of(ACCOUNT_A, ACCOUNT_B),
        null,
        null,
        maxCreations,
        Duration.ofHours(4),
        null);
  }

  static final String S3_READ =
      """
      {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                      "Resource": ["arn:aws:s3:::payments", "arn:aws:s3:::payments/*"]}]}
      """;
  static final String LOGS_READ =
      """
      {"Statement": {"Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": "*"}}
      """;

  AwsIamPolicyConfig iamConfig() {
    return new AwsIamPolicyConfig(
        connection(1000, Duration.ZERO),
        null,
        List.of("alice", "bob", "gone"),
        Map.of("s3-read", S3_READ, "logs-read", LOGS_READ),
        null);
  }

  AwsIamPolicyBackend iam(AwsIamPolicyConfig config) {
    fake.iamUser("alice");
    fake.iamUser("bob");
    fake.iamUser("mallory");
    return new AwsIamPolicyBackendFactory().create("aws-iam", config, context());
  }

  AwsSsoBackend sso(AwsSsoConfig config) {
    return new AwsSsoBackendFactory().create(NAME, config, context());
  }

  static GrantStep step(String account, String permissionSet, String user) {
    return new GrantStep(
        NAME, Map.of("accountId", account, "permissionSet", permissionSet), email(user));
  }

  static Grant grant(String request, GrantStep step) {
    return new Grant(new RequestId(request), step, Instant.parse("2030-01-01T00:00:00Z"));
  }

  FakeAws.Assignment assignment(String account, String psArn, String user) {
    return new FakeAws.Assignment(account, psArn, "USER", userIds.get(email(user)));
  }

  @Override
  public void close() {
    fake.close();
  }
}
