package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.app.runtime.AppRuntime;
import dev.jit.app.runtime.Database;
import dev.jit.app.runtime.GrantBackends;
import dev.jit.aws.testkit.FakeAws;
import dev.jit.core.Command;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.nio.file.Path;
import java.time.Clock;
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
  AppRuntime runtime;
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
    Database database = Database.open(env, dataDir, config.settings().database(), false);
    database.migrate();
    runtime =
        AppRuntime.builder()
            .config(config)
            .database(database)
            .backends(
                GrantBackends.open(config.settings().backends(), database, env, Clock.systemUTC()))
            .directory(
                new InMemoryDirectory()
                    .user(REQUESTER, Map.of("email", "Alice@Example.com"))
                    .user(OWNER, Map.of()))
            .notifier(refs -> new RecordingNotifier())
            .httpPort(0)
            .build()
            .start(config.settings());
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    aws.close();
  }

  @Test
  @DisplayName("a request for the role assigns the permission set, and revoking removes it")
  void grantAndRevoke() {
    RequestId id =
        runtime
            .engine()
            .handle(
                new Command.Submit(
                    REQUESTER,
                    new ResourceId("payments-aws"),
                    new RoleName("read"),
                    Duration.ofMinutes(30),
                    "Read the payments account's CloudTrail for INC-88",
                    "INC-88",
                    new IdempotencyKey("submit:1")))
            .requireRequest()
            .id();
    runtime.engine().handle(new Command.Approve(id, OWNER, new IdempotencyKey("approve:1")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runtime.engine().find(id).orElseThrow().status() == RequestStatus.ACTIVE);

    assertThat(aws.assignments()).containsExactly(expected);
    assertThat(aws.calls("CreateAccountAssignment")).isEqualTo(1);

    runtime.engine().handle(new Command.Revoke(id, REQUESTER, new IdempotencyKey("revoke:1")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runtime.engine().find(id).orElseThrow().status() == RequestStatus.REVOKED);

    assertThat(aws.assignments()).isEmpty();
    assertThat(aws.requests())
        .allSatisfy(r -> assertThat(r.header("User-Agent").orElse("")).contains("jit/"));
  }
}
