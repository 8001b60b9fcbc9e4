package dev.jit.jdbc;

/** The SPI contracts on H2. */
class H2ContractsIT extends JdbcContracts {
  @Override
  Dialect dialect() {
    return Dialect.H2;
  }
}
