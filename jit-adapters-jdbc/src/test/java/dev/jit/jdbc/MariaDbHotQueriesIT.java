package dev.jit.jdbc;

/** Hot-path queries without planner statistics on MARIADB. */
class MariaDbHotQueriesIT extends HotQueryTests {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }
}
