package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jit policy validate} checks every policy step against its backend's kind, for each kind
 * this build has: a missing target key, an unknown one, and a value outside the managed scope are
 * each named with resource, role, step and key — before anything connects anywhere.
 */
class ValidateEachKindTest {
  @TempDir Path dir;

  /** kind, its backend entry, a good target, a target missing a key, unknown key, out of scope. */
  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            "database-role",
            "{ name: b, kind: database-role, roles: [payments_read] }",
            "db-user",
            "{ role: payments_read }",
            "{ rol: payments_read }",
            "target.role: is required",
            "{ role: payments_read, grant: all }",
            "target.grant: is not a key",
            "{ role: payments_admin }",
            "'payments_admin' is not a role this backend manages"),
        Arguments.of(
            "okta-group",
            "{ name: b, kind: okta-group, orgUrl: 'https://example.okta.com', clientId: 0oa1abc,"
                + " privateKeyEnv: OKTA_KEY, groups: [00g1managed] }",
            "okta-login",
            "{ groupId: 00g1managed }",
            "{ group: 00g1managed }",
            "target.groupId: is required",
            "{ groupId: 00g1managed, role: x }",
            "target.role: is not a key",
            "{ groupId: 00g1other }",
            "'00g1other'"),
        Arguments.of(
            "aws-sso",
            "{ name: b, kind: aws-sso, connection: { region: eu-west-1 },"
                + " instanceArn: 'arn:aws:sso:::instance/ssoins-7223f8e0b2a1c9d4',"
                + " identityStoreId: d-9067b1a2c3,"
                + " permissionSets: { ReadOnly:"
                + " 'arn:aws:sso:::permissionSet/ssoins-7223f8e0b2a1c9d4/ps-0123456789abcdef' },"
                + " accounts: ['123456789012'] }",
            "email",
            "{ accountId: '123456789012', permissionSet: ReadOnly }",
            "{ accountId: '123456789012' }",
            "target.permissionSet: is required",
            "{ accountId: '123456789012', permissionSet: ReadOnly, region: x }",
            "target.region: is not a key",
            "{ accountId: '123456789012', permissionSet: Admin }",
            "'Admin'"),
        Arguments.of(
            "k8s-rbac",
            "{ name: b, kind: k8s-rbac, masterUrl: 'https://k8s.example:6443',"
                + " namespaces: [payments], clusterRoles: [edit] }",
            "email",
            "{ namespace: payments, clusterRole: edit }",
            "{ clusterRole: edit }",
            "target.namespace: is required",
            "{ namespace: payments, clusterRole: edit, verb: get }",
            "target.verb: is not a key",
            "{ namespace: kube-system, clusterRole: edit }",
            "'kube-system'"));
  }

  private Path config(String backend, String principal, String target) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        """
        settings:
          backends:
            - %s
        policy:
          resources:
            r:
              owners: { users: [U0OWNER1] }
              requiredApprovals: 1
              approvalTimeout: 30m
              maxDuration: 1h
              requesters: { everyone: true }
              roles:
                x:
                  steps:
                    - { backend: b, principal: %s, target: %s }
        """
            .formatted(backend, principal, target));
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  @DisplayName("a good step passes; a missing key, an unknown key, an out-of-scope value are named")
  void eachKind(
      String kind,
      String backend,
      String principal,
      String good,
      String missing,
      String missingSays,
      String unknown,
      String unknownSays,
      String outOfScope,
      String outOfScopeSays)
      throws IOException {
    Cli.Run ok =
        Cli.run(Map.of(), "policy", "validate", config(backend, principal, good).toString());
    assertThat(ok.exitCode()).as(kind + ": " + ok.err()).isZero();

    for (String[] bad :
        new String[][] {
          {missing, missingSays}, {unknown, unknownSays}, {outOfScope, outOfScopeSays}
        }) {
      Cli.Run run =
          Cli.run(Map.of(), "policy", "validate", config(backend, principal, bad[0]).toString());
      assertThat(run.exitCode()).as(kind + " " + bad[0]).isEqualTo(1);
      assertThat(run.err())
          .as(kind + " " + bad[0])
          .contains("resource 'r', role 'x', step 1 (backend 'b')")
          .contains(bad[1]);
    }
  }

  @Test
  @DisplayName("the example with a resource for every kind validates")
  void exampleWithEveryKind() {
    Cli.Run run = Cli.run(Map.of(), "policy", "validate", "config/example-all-backends.yaml");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("valid:", "4 resource(s)");
  }
}
