package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.okta.testkit.FakeOkta;
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
 * The app with an {@code okta-group} instance pointed at the fake Okta (DPoP required, as new
 * service apps are): a request is granted as a group membership and revoked, the key coming from an
 * environment variable the configuration names.
 */
class OktaBackendAppTest {
  static final UserId REQUESTER = new UserId("U0ALICE1");
  static final UserId OWNER = new UserId("U0OWNER1");

  @TempDir Path dataDir;
  FakeOkta okta;
  RunningApp app;
  String group;
  String alice;

  @BeforeEach
  void start() throws Exception {
    okta = FakeOkta.builder().dpopRequired(true).start();
    RSAKey key = new RSAKeyGenerator(2048).keyID("jit-1").generate();
    okta.registerClient(
        "0oajitapp", key.toPublicJWK(), FakeOkta.GROUPS_MANAGE, FakeOkta.USERS_READ);
    group = okta.addGroup("jit-payments-admins");
    alice = okta.addUser("alice@example.com");
    AppConfig config =
        ConfigLoader.parse(
            """
            settings:
              backends:
                - name: okta-prod
                  kind: okta-group
                  orgUrl: "%s"
                  clientId: 0oajitapp
                  privateKeyEnv: OKTA_JIT_PRIVATE_KEY
                  keyId: jit-1
                  groups:
                    - { id: %s, name: jit-payments-admins }
                  requestTimeout: 5s
            policy:
              resources:
                payments:
                  owners: { users: [U0OWNER1] }
                  requiredApprovals: 1
                  approvalTimeout: 30m
                  maxDuration: 1h
                  requesters: { everyone: true }
                  roles:
                    admin:
                      steps:
                        - backend: okta-prod
                          principal: okta-login
                          target: { groupId: %s }
            """
                .formatted(okta.orgUrl(), group, group),
            "okta.yaml");
    Env env = new Env(Map.of("OKTA_JIT_PRIVATE_KEY", key.toJSONString()));
    app =
        RunningApp.start(
            config,
            env,
            dataDir,
            new InMemoryDirectory()
                .user(REQUESTER, Map.of("okta-login", "Alice@Example.com"))
                .user(OWNER, Map.of()));
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    okta.close();
  }

  @Test
  @DisplayName("a request for the role makes the requester a group member, and revoking removes it")
  void grantAndRevoke() {
    RequestId id = app.grant(REQUESTER, "payments", "admin", Duration.ofMinutes(30), OWNER);

    assertThat(okta.memberIds(group)).containsExactly(alice);
    assertThat(app.engine().find(id).orElseThrow().steps().get(0).principal())
        .isEqualTo("alice@example.com");

    app.revoke(id, REQUESTER);

    assertThat(okta.memberIds(group)).isEmpty();
  }
}
