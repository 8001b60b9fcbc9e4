package dev.jit.jdbc;

/** The SPI contracts on POSTGRESQL. */
class PostgresContractsIT extends JdbcContracts {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
