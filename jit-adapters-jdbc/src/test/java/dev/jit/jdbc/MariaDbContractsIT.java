package dev.jit.jdbc;

/** The SPI contracts on MARIADB. */
class MariaDbContractsIT extends JdbcContracts {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }
}
