package dev.jit.app.runtime;

import dev.jit.jdbc.DatabaseRoleBackendFactory;
import dev.jit.okta.OktaGroupBackendFactory;
import dev.jit.spi.GrantBackendFactory;
import java.util.List;
import java.util.Optional;

/**
 * Every grant-backend kind this app can run, by explicit registration (no classpath scanning).
 * Adding a kind is a dependency in reference-app/pom.xml and one line here.
 */
public final class BackendKinds {
  private static final List<GrantBackendFactory<?>> ALL =
      List.of(
          new DatabaseRoleBackendFactory(),
          new OktaGroupBackendFactory(),
          new dev.jit.k8s.KubernetesRbacBackendFactory(),
          new dev.jit.aws.AwsSsoBackendFactory(),
          new dev.jit.aws.AwsIamPolicyBackendFactory(),
          new dev.jit.aws.AwsIamGroupBackendFactory());

  private BackendKinds() {}

  public static List<GrantBackendFactory<?>> all() {
    return ALL;
  }

  public static Optional<GrantBackendFactory<?>> of(String kind) {
    return ALL.stream().filter(f -> f.kind().equals(kind)).findFirst();
  }

  /** The kinds, for messages. */
  public static List<String> names() {
    return ALL.stream().map(GrantBackendFactory::kind).sorted().toList();
  }
}
