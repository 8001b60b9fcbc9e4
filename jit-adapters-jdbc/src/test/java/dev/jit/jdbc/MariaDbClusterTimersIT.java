package dev.jit.jdbc;

/** Cluster-safe timers on MARIADB. */
class MariaDbClusterTimersIT extends ClusterTimerTests {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }
}
