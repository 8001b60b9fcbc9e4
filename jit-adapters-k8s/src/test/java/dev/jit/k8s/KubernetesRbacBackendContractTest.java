package dev.jit.k8s;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantStep;
import dev.jit.testkit.GrantBackendContract;
import dev.jit.testkit.MutableClock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The grant-backend contract against the fake cluster, through fabric8's JDK HTTP client. */
class KubernetesRbacBackendContractTest extends GrantBackendContract {
  private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
  private final MutableClock clock = MutableClock.at(NOW);
  private final Cluster cluster = new Cluster();

  /** After the contract's own clean-up, which still needs the cluster. */
  @RegisterExtension final AfterEachCallback stopCluster = context -> cluster.close();

  @Override
  protected GrantBackend createBackend() {
    return cluster.backend("k8s-test", clock);
  }

  @Override
  protected Grant sampleGrant(int n) {
    Map<String, String> target =
        switch (n % 3) {
          case 1 -> Map.of("namespace", "payments", "clusterRole", "edit");
          case 2 -> Map.of("namespace", "web", "role", "deployer");
          default -> Map.of("clusterWideRole", "view");
        };
    return grant(n, target);
  }

  @Override
  protected Optional<Grant> outOfScopeGrant() {
    return Optional.of(grant(7, Map.of("namespace", "payments", "clusterRole", "admin")));
  }

  @Override
  protected Optional<Grant> vanishedTargetGrant() {
    // payments-old is allow-listed but no longer exists in the cluster.
    return Optional.of(grant(8, Map.of("namespace", "payments-old", "clusterRole", "edit")));
  }

  private static Grant grant(int n, Map<String, String> target) {
    return new Grant(
        Cluster.request(n),
        new GrantStep("k8s-test", target, "user" + n + "@example.com"),
        NOW.plusSeconds(3600));
  }

  @Override
  protected Optional<String> ownIdentity() {
    return Optional.of(cluster.jit.user());
  }

  @Override
  protected Optional<GrantStep> foreignAccess() {
    cluster.handMade("payments", "oncall-edit", "edit", "carol@example.com");
    return Optional.of(
        new GrantStep(
            "k8s-test",
            Map.of("namespace", "payments", "clusterRole", "edit"),
            "carol@example.com"));
  }

  @Override
  protected boolean injectFailure(boolean retryable) {
    cluster.fake.failNext(retryable ? 503 : 403);
    return true;
  }

  @Override
  protected long systemCalls() {
    return cluster.fake.requestCount();
  }
}
