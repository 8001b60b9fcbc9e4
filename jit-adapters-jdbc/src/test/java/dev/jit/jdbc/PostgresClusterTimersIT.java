package dev.jit.jdbc;

/** Cluster-safe timers on POSTGRESQL. */
class PostgresClusterTimersIT extends ClusterTimerTests {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
