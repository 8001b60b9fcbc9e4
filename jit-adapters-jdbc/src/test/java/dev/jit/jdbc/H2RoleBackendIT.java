package dev.jit.jdbc;

/** Database role grants on H2. */
class H2RoleBackendIT extends RoleBackendTests {
  @Override
  Dialect dialect() {
    return Dialect.H2;
  }
}
