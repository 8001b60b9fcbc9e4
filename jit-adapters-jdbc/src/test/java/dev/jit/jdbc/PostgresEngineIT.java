package dev.jit.jdbc;

/** Whole engines on POSTGRESQL. */
class PostgresEngineIT extends EngineOnDatabaseTests {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
