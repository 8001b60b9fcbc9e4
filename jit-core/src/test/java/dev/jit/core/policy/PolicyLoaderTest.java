package dev.jit.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.jit.core.Durations;
import dev.jit.spi.Approvers;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLoaderTest {

  static String example() throws IOException {
    try (InputStream in = PolicyLoaderTest.class.getResourceAsStream("example-policy.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void exampleParsesIntoTheExpectedValues() throws IOException {
    Policy policy = PolicyLoader.parse(example(), "example-policy.yaml");

    assertThat(policy.admins()).containsExactly(new UserId("U0ADMIN1"));
    assertThat(policy.resources().keySet())
        .containsExactly(new ResourceId("prod-payments-db"), new ResourceId("staging-k8s"));

    ResourcePolicy db = policy.resource(new ResourceId("prod-payments-db")).orElseThrow();
    assertThat(db.id()).isEqualTo(new ResourceId("prod-payments-db"));
    assertThat(db.description()).isEqualTo("Production payments database");
    assertThat(db.owners())
        .isEqualTo(
            new Approvers(
                Set.of(new UserId("U0OWNER1"), new UserId("U0OWNER2"), new UserId("U0OWNER3")),
                Set.of(new GroupId("S0DBAS")),
                2));
    assertThat(db.approvalTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(db.maxDuration()).isEqualTo(Duration.ofHours(4));
    assertThat(db.durations())
        .containsExactly(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4));
    assertThat(db.approvalChannel()).isEqualTo("C0APPROVALS");
    assertThat(db.requesters()).isEqualTo(new Requesters(true, Set.of(), Set.of()));
    // file order, not alphabetical: the Slack modal lists roles as written
    assertThat(db.roles().keySet())
        .containsExactly(new RoleName("read-only"), new RoleName("break-glass"));
    assertThat(db.role(new RoleName("read-only")).orElseThrow())
        .isEqualTo(
            new RolePolicy(
                new RoleName("read-only"),
                "SELECT on the payments schema",
                List.of(
                    new StepTemplate(
                        "postgres-role", Map.of("role", "payments_read"), "db-user"))));
    assertThat(db.role(new RoleName("break-glass")).orElseThrow())
        .isEqualTo(
            new RolePolicy(
                new RoleName("break-glass"),
                "",
                List.of(
                    new StepTemplate("okta-group", Map.of("groupId", "00g1abcd"), "okta-login"),
                    new StepTemplate(
                        "postgres-role", Map.of("role", "payments_admin"), "db-user"))));

    ResourcePolicy k8s = policy.resource(new ResourceId("staging-k8s")).orElseThrow();
    assertThat(k8s.owners()).isEqualTo(new Approvers(Set.of(new UserId("U0OWNER4")), Set.of(), 1));
    assertThat(k8s.approvalTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(k8s.maxDuration()).isEqualTo(Duration.ofDays(1));
    assertThat(k8s.durations()).isEmpty();
    assertThat(k8s.approvalChannel()).isEmpty();
    assertThat(k8s.requesters())
        .isEqualTo(
            new Requesters(
                false, Set.of(new UserId("U0CONTRACTOR1")), Set.of(new GroupId("S0ENGINEERS"))));
    StepTemplate step = k8s.role(new RoleName("edit")).orElseThrow().steps().get(0);
    assertThat(step.target().keySet()).containsExactly("clusterRole", "namespace");
  }

  @Test
  void docsShowTheExampleThatIsTested() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "policy.md"));
    Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(docs);
    assertThat(block.find()).as("docs/policy.md has a yaml block").isTrue();
    assertThat(block.group(1)).isEqualTo(example());
  }

  @Test
  void loadReadsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, example());
    assertThat(PolicyLoader.load(file)).isEqualTo(PolicyLoader.parse(example(), "x"));
  }

  @Test
  void loadNamesAFileItCannotRead(@TempDir Path dir) {
    Path file = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.source()).isEqualTo(file.toString());
              assertThat(e.getMessage()).startsWith(file + ": cannot read the policy file");
              assertThat(e.resource()).isEmpty();
            });
  }

  @Test
  void failureNamesSourceResourceAndField() {
    String yaml = PolicyRulesTest.BASE.replace("backend: postgres-role", "backend: Postgres Role");
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "policy.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "policy.yaml: resource 'db', field 'roles.read.steps[0].backend': 'Postgres"
                          + " Role' is not a valid backend type (expected [a-z][a-z0-9-]{0,31}) (line 13,"
                          + " column 13)");
              assertThat(e.source()).isEqualTo("policy.yaml");
              assertThat(e.resource()).contains("db");
              assertThat(e.field()).isEqualTo("roles.read.steps[0].backend");
            });
  }

  static Stream<Arguments> brokenDocuments() {
    return Stream.of(
        arguments("", "test.yaml: the policy is empty"),
        arguments("# only a comment\n", "test.yaml: the policy is empty"),
        arguments("- a\n- b\n", "test.yaml: the top level is a list: expected a mapping"),
        arguments("just text\n", "test.yaml: the top level is a string: expected a mapping"),
        arguments("admins: [U1]\n", "test.yaml: field 'resources': is required"),
        arguments("resources: {}\n", "test.yaml: field 'resources': the policy needs at least"),
        arguments("resources: [db]\n", "test.yaml: field 'resources': expected a mapping"),
        arguments(
            "admins: [U1]\nadmin: [U2]\n" + PolicyRulesTest.BASE,
            "test.yaml: field 'admin': unknown field"),
        arguments(
            "admins: [U1, 'no spaces']\n" + PolicyRulesTest.BASE,
            "test.yaml: field 'admins[1]': user id 'no spaces' is not valid"),
        arguments(
            PolicyRulesTest.BASE.replace("  db:", "  Prod DB:"),
            "test.yaml: field 'resources.Prod DB': resource id 'Prod DB' is not valid"),
        arguments(
            "resources:\n  db: just text\n",
            "test.yaml: resource 'db': expected a mapping, got a string"),
        arguments(
            "resources:\n  db: [\n",
            "test.yaml: line 3, column 1: invalid YAML: while parsing a flow node: expected the"
                + " node content, but found '<stream end>'"),
        arguments(
            "resources:\n  db:\n    owners: [a\n   roles: x\n",
            "test.yaml: line 4, column 9: invalid YAML"),
        arguments(
            "resources:\n  db:\n    owners: x\n  db:\n    owners: y\n",
            "test.yaml: line 4, column 5: invalid YAML: Duplicate field 'db'"),
        arguments(
            PolicyRulesTest.BASE + "---\n" + PolicyRulesTest.BASE,
            "test.yaml: line 17: only one YAML document"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("brokenDocuments")
  void documentLevelProblemsAreClear(String yaml, String expectedStart) {
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "test.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith(expectedStart);
  }

  @ParameterizedTest
  @CsvSource({
    "90s, PT90S",
    "15m, PT15M",
    "1h, PT1H",
    "1h30m, PT1H30M",
    "2d, PT48H",
    "1d2h3m4s, PT26H3M4S",
    "PT30M, PT30M",
    "P1D, PT24H",
    "pt5m, PT5M",
  })
  void durationsInBothForms(String written, String iso) {
    assertThat(Durations.parse(written).orElse(null)).isEqualTo(Duration.parse(iso));
    String yaml =
        PolicyRulesTest.BASE.replace("approvalTimeout: 30m", "approvalTimeout: " + written);
    assertThat(
            PolicyLoader.parse(yaml, "t").resources().values().iterator().next().approvalTimeout())
        .isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({"1.5h", "h", "1m1h", "15 m", "1H", "15min", "PX", "99999999999d", "''"})
  void malformedDurationsAreRejected(String written) {
    assertThat(Durations.parse(written).orElse(null)).isNull();
  }

  @Test
  void humanFormIsUsedInMessages() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofDays(7).plusSeconds(1))).isEqualTo("7d1s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void rejectedValuesCannotSmuggleControlCharacters() {
    String yaml = PolicyRulesTest.BASE.replace("backend: postgres-role", "backend: \"bad\\nline\"");
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "t"))
        .hasMessageContaining("'bad\\u000aline'")
        .hasMessageNotContaining("\n");
  }
}
