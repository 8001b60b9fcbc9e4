package dev.jit.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.GroupId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The break-glass block of a role and a resource's extensionApprovals, as docs/policy.md shows. */
class BreakGlassPolicyTest {
  static String example() throws IOException {
    try (InputStream in =
        BreakGlassPolicyTest.class.getResourceAsStream("break-glass-policy.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("the example parses into every field, with escalateEvery and onCall as written")
  void parses() throws IOException {
    Policy p = PolicyLoader.parse(example(), "x");
    ResourcePolicy rp = p.resource(new ResourceId("prod-payments-db")).orElseThrow();
    assertThat(rp.extensionApprovals()).isEqualTo(1);
    BreakGlassPolicy bg = rp.role(new RoleName("admin")).orElseThrow().breakGlass().orElseThrow();
    assertThat(bg)
        .isEqualTo(
            new BreakGlassPolicy(
                Set.of(new UserId("U0ONCALL1")),
                Set.of(new GroupId("S0SRE")),
                Duration.ofHours(1),
                "C0SECURITY",
                Duration.ofHours(24),
                Duration.ofHours(4),
                Optional.of(new GroupId("S0ONCALL"))));
    assertThat(rp.maxTotal(new RoleName("admin"), true)).isEqualTo(Duration.ofHours(1));
    assertThat(rp.maxTotal(new RoleName("admin"), false)).isEqualTo(Duration.ofHours(4));
  }

  @Test
  @DisplayName("docs/policy.md shows this example")
  void documented() throws IOException {
    assertThat(Files.readString(Path.of("..", "docs", "policy.md"))).contains(example());
  }

  @Test
  @DisplayName(
      "without escalateEvery a missed review escalates every reviewWithin; no extensions by default")
  void defaults() throws IOException {
    String yaml =
        example()
            .replace(
                "    extensionApprovals: 1          # optional: owner approvals an extension needs (absent: none allowed)\n",
                "")
            .replace(
                "          escalateEvery: 4h        # optional (default reviewWithin): a missed review escalates again\n",
                "");
    ResourcePolicy rp =
        PolicyLoader.parse(yaml, "x").resource(new ResourceId("prod-payments-db")).orElseThrow();
    assertThat(rp.extensionApprovals()).isZero();
    assertThat(
            rp.role(new RoleName("admin")).orElseThrow().breakGlass().orElseThrow().escalateEvery())
        .isEqualTo(Duration.ofHours(24));
  }

  @Test
  @DisplayName("break-glass that names nobody who may use it fails the load")
  void nobody() throws IOException {
    String yaml =
        example()
            .replace("users: [U0ONCALL1]", "users: []")
            .replace("groups: [S0SRE]", "groups: []");
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("roles.admin.breakGlass': name who may use it");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "maxDuration: 1h  |maxDuration: 13h |roles.admin.breakGlass.maxDuration': 13h is longer than the cap of 12h",
        "announce: C0SECURITY|announce: 'two words'|roles.admin.breakGlass.announce'",
        "reviewWithin: 24h|reviewWith: 24h|reviewWith",
        "extensionApprovals: 1 |extensionApprovals: 0 |extensionApprovals': must be at least 1",
        "extensionApprovals: 1 |extensionApprovals: 4 |extensionApprovals': 4 must be at least 1",
      })
  @DisplayName("a wrong break-glass or extension field fails the load, naming it")
  void refused(String from, String to, String message) throws IOException {
    String yaml =
        example()
            .replace(from.strip().equals(from) ? from : from.stripTrailing(), to.stripTrailing());
    if (from.startsWith("          groups")) {
      yaml =
          yaml.replace(
              "          users: [U0ONCALL1]       # who may use it: users and/or groups\n", "");
    }
    String broken = yaml;
    assertThatThrownBy(() -> PolicyLoader.parse(broken, "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining(message.strip());
  }
}
