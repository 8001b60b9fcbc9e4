package dev.jit.jdbc;

/** Hot-path queries without planner statistics on POSTGRESQL. */
class PostgresHotQueriesIT extends HotQueryTests {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
