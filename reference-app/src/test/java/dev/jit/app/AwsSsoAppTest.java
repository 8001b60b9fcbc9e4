package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.aws.testkit.FakeAws;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.spi.RequestId;
import dev.jit.spi.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app with an {@code aws-sso} instance pointed at the local AWS: a request is granted as an IAM
 * Identity Center account assignment (asynchronously, polled on the app's durable timers) and
 * revoked, the keys coming from environment variables the configuration names.
 */
class AwsSsoAppTest {
  static final UserId REQUESTER = new UserId("U0ALICE1");
  static final UserId OWNER = new UserId("U0OWNER1");
  static final String ACCOUNT = "123456789012";

  @TempDir Path dataDir;
  FakeAws aws;
  RunningApp app;
  FakeAws.Assignment expected;

  @BeforeEach
  void start() {
    aws = FakeAws.start();
    aws.settings().pollsUntilDone(2);
    String readOnly = aws.permissionSet("ReadOnly", Duration.ofHours(1));
    String alice = aws.user("alice", "alice@example.com");
    expected = new FakeAws.Assignment(ACCOUNT, readOnly, "USER", alice);
    AppConfig config =
        ConfigLoader.parse(
            """
            settings:
              backends:
                - name: aws-prod
                  kind: aws-sso
                  connection:
                    region: eu-west-1
                    accessKeyIdEnv: JIT_AWS_KEY
                    secretAccessKeyEnv: JIT_AWS_SECRET
                    endpoints: { sso: "%1$s", identitystore: "%1$s" }
                    callsPerSecond: 10
                  instanceArn: %2$s
                  identityStoreId: %3$s
                  permissionSets: { ReadOnly: "%4$s" }
                  accounts: ["%5$s"]
                  maxSessionDuration: 1h
            policy:
              resources:
                payments-aws:
                  owners: { users: [U0OWNER1] }
                  requiredApprovals: 1
                  approvalTimeout: 30m
                  maxDuration: 1h
                  requesters: { everyone: true }
                  roles:
                    read:
                      steps:
                        - backend: aws-prod
                          principal: email
                          target: { accountId: "%5$s", permissionSet: ReadOnly }
            """
                .formatted(aws.uri(), aws.instanceArn(), aws.identityStoreId(), readOnly, ACCOUNT),
            "aws.yaml");
    Env env =
        new Env(Map.of("JIT_AWS_KEY", FakeAws.ACCESS_KEY, "JIT_AWS_SECRET", FakeAws.SECRET_KEY));
    app =
        RunningApp.start(
            config,
            env,
            dataDir,
            new InMemoryDirectory()
                .user(REQUESTER, Map.of("email", "Alice@Example.com"))
                .user(OWNER, Map.of()));
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    aws.close();
  }

  @Test
  @DisplayName("a request for the role assigns the permission set, and revoking removes it")
  void grantAndRevoke() {
    RequestId id = app.grant(REQUESTER, "payments-aws", "read", Duration.ofMinutes(30), OWNER);

    assertThat(aws.assignments()).containsExactly(expected);
    assertThat(aws.calls("CreateAccountAssignment")).isEqualTo(1);

    app.revoke(id, REQUESTER);

    assertThat(aws.assignments()).isEmpty();
    assertThat(aws.requests())
        .allSatisfy(r -> assertThat(r.header("User-Agent").orElse("")).contains("jit/"));
  }
}
