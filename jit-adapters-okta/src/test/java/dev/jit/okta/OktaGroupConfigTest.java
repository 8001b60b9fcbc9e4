package dev.jit.okta;

import static dev.jit.okta.OktaWorld.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.jit.okta.testkit.FakeOkta;
import dev.jit.spi.JitException;
import dev.jit.spi.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator writes, what is refused at load, and where the key comes from. */
class OktaGroupConfigTest {
  private final OktaWorld world = new OktaWorld();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    world.close();
  }

  private static List<String> keys(List<Problem> problems) {
    return problems.stream().map(Problem::key).toList();
  }

  @Test
  @DisplayName("defaults: RS256, DPoP on, 4 calls, 20 % reserve, 2 min early refresh, fixed scopes")
  void defaults() {
    OktaGroupConfig c =
        new OktaGroupConfig(
            "https://example.okta.com/",
            "0oa1",
            null,
            "OKTA_KEY",
            null,
            null,
            List.of(OktaGroupConfig.ManagedGroup.of("00g1")),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(c.validate()).isEmpty();
    assertThat(c.orgUrl()).isEqualTo("https://example.okta.com");
    assertThat(c.algorithm()).isEqualTo("RS256");
    assertThat(c.dpop()).isTrue();
    assertThat(c.maxConcurrentCalls()).isEqualTo(4);
    assertThat(c.rateLimitReservePercent()).isEqualTo(20);
    assertThat(c.tokenRefreshBefore()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.scopes()).containsExactly("okta.groups.manage", "okta.users.read");
  }

  @Test
  @DisplayName("refused at load, each problem naming its key")
  void problems() {
    OktaGroupConfig c =
        new OktaGroupConfig(
            "http://example.okta.com",
            "",
            "/keys/a.pem",
            "OKTA_KEY",
            null,
            "HS256",
            List.of(
                OktaGroupConfig.ManagedGroup.of("00g1"),
                OktaGroupConfig.ManagedGroup.of("00g1"),
                OktaGroupConfig.ManagedGroup.of("not a group")),
            null,
            0,
            95,
            null,
            null,
            null,
            Duration.ZERO,
            null);

    assertThat(keys(c.validate()))
        .containsExactly(
            "orgUrl",
            "clientId",
            "privateKeyFile",
            "algorithm",
            "groups[1]",
            "groups[2]",
            "maxConcurrentCalls",
            "rateLimitReservePercent",
            "requestTimeout");
  }

  @Test
  @DisplayName("http is accepted only for a loopback org (the test fakes)")
  void loopbackOnly() {
    assertThat(keys(world.config().validate())).isEmpty();
    assertThat(keys(world.config(c -> put(c, "orgUrl", "http://localhost:8080")).validate()))
        .isEmpty();
    assertThat(keys(world.config(c -> put(c, "orgUrl", "http://10.0.0.1:8080")).validate()))
        .containsExactly("orgUrl");
    assertThat(keys(world.config(c -> put(c, "orgUrl", "https://x.okta.com/api")).validate()))
        .containsExactly("orgUrl");
  }

  @Test
  @DisplayName("groups are ids or {id, name} in YAML/JSON")
  void groupShapes() throws Exception {
    OktaGroupConfig.ManagedGroup[] groups =
        new ObjectMapper()
            .readValue(
                "[\"00gabc\", {\"id\": \"00gdef\", \"name\": \"jit-payments\"}]",
                OktaGroupConfig.ManagedGroup[].class);

    assertThat(groups)
        .containsExactly(
            new OktaGroupConfig.ManagedGroup("00gabc", ""),
            new OktaGroupConfig.ManagedGroup("00gdef", "jit-payments"));
  }

  @Test
  @DisplayName("an ES256 key from a PKCS#8 PEM file signs assertions Okta accepts")
  void es256FromPemFile() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("jit-ec").generate();
    world.okta.registerClient(
        "0oaec", ec.toPublicJWK(), FakeOkta.GROUPS_MANAGE, FakeOkta.USERS_READ);
    Path pem = dir.resolve("okta.pem");
    Files.writeString(
        pem,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(ec.toPrivateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    String alice = world.okta.addUser("alice@example.com");
    OktaGroupConfig config =
        world.config(
            c -> {
              c.remove("privateKeyEnv");
              c.put("privateKeyFile", pem.toString());
              c.put("clientId", "0oaec");
              c.put("keyId", "jit-ec");
              c.put("algorithm", "ES256");
              return c;
            });

    try (OktaGroupBackend backend = world.backend(config)) {
      backend.grant(OktaWorld.grant(world.managed.get(0), "alice@example.com"));
    }

    assertThat(world.okta.memberIds(world.managed.get(0))).containsExactly(alice);
  }

  @Test
  @DisplayName("a missing variable, an unreadable file, a PKCS#1 key: named, never printed")
  void keyProblems() throws Exception {
    world.env.remove(OktaWorld.KEY_ENV);
    assertThatThrownBy(() -> world.backend())
        .isInstanceOf(JitException.class)
        .hasMessageContaining("OKTA_JIT_KEY")
        .hasMessageContaining("not set");

    OktaGroupConfig missingFile =
        world.config(
            c -> {
              c.remove("privateKeyEnv");
              return put(c, "privateKeyFile", dir.resolve("nope.pem").toString());
            });
    assertThatThrownBy(() -> world.backend(missingFile))
        .hasMessageContaining("nope.pem")
        .hasMessageContaining("NoSuchFileException");

    world.env.put(OktaWorld.KEY_ENV, "-----BEGIN RSA PRIVATE KEY-----\nMIIsecret\n-----END RSA");
    assertThatThrownBy(() -> world.backend())
        .hasMessageContaining("openssl pkcs8")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MIIsecret"));

    world.env.put(OktaWorld.KEY_ENV, world.key.toPublicJWK().toJSONString());
    assertThatThrownBy(() -> world.backend()).hasMessageContaining("public JWK");
  }

  @Test
  @DisplayName("a group imported from an app or directory: the first grant fails permanently")
  void appGroup() {
    world.okta.addUser("alice@example.com");
    String imported = world.okta.addGroup("ad-admins", "APP_GROUP");
    world.managed.add(imported);

    try (OktaGroupBackend backend = world.backend()) {
      assertThatThrownBy(() -> backend.grant(OktaWorld.grant(imported, "alice@example.com")))
          .isInstanceOfSatisfying(
              dev.jit.spi.BackendException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("400", "APP_GROUP");
              });
    }
    assertThat(world.okta.memberIds(imported)).isEmpty();
  }

  @Test
  @DisplayName("clearSessionsOnRevoke asks for okta.users.manage too and ends the user's sessions")
  void sessions() {
    String alice = world.okta.addUser("alice@example.com");
    String group = world.managed.get(0);
    try (OktaGroupBackend backend =
        world.backend(world.config(c -> put(c, "clearSessionsOnRevoke", true)))) {
      backend.grant(OktaWorld.grant(group, "alice@example.com"));
      assertThat(world.okta.sessionsCleared(alice)).isZero();

      backend.revoke(OktaWorld.grant(group, "alice@example.com"));
    }

    assertThat(world.okta.sessionsCleared(alice)).isEqualTo(1);
    assertThat(world.okta.memberIds(group)).isEmpty();
    assertThat(
            world
                .okta
                .server()
                .lastRequest(dev.jit.http.testkit.Match.path("/oauth2/v1/token"))
                .orElseThrow()
                .formParam("scope"))
        .contains("okta.groups.manage okta.users.read okta.users.manage");
  }
}
