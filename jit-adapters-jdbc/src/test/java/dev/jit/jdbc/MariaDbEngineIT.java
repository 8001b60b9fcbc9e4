package dev.jit.jdbc;

/** Whole engines on MARIADB. */
class MariaDbEngineIT extends EngineOnDatabaseTests {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }
}
