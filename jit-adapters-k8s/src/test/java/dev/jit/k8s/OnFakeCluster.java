package dev.jit.k8s;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import dev.jit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** Tests of one backend, {@code k8s-prod}, on a fresh {@link Cluster}, with a clock they move. */
abstract class OnFakeCluster {
  static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

  final MutableClock clock = MutableClock.at(NOW);
  final Cluster cluster = new Cluster();
  final KubernetesRbacBackend backend = cluster.backend("k8s-prod", clock);

  @AfterEach
  void stopCluster() {
    backend.close();
    cluster.close();
  }

  /** A grant of request {@code n} to {@code principal}, lasting {@code lasting} from NOW. */
  static Grant grant(int n, Map<String, String> target, String principal, Duration lasting) {
    return new Grant(
        Cluster.request(n), new GrantStep("k8s-prod", target, principal), NOW.plus(lasting));
  }
}
