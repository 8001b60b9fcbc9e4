package dev.jit.jdbc;

/** Cluster-safe timers on H2. */
class H2ClusterTimersIT extends ClusterTimerTests {
  @Override
  Dialect dialect() {
    return Dialect.H2;
  }
}
