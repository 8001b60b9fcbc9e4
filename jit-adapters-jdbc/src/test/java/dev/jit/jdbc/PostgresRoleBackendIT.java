package dev.jit.jdbc;

/** Database role grants on POSTGRESQL. */
class PostgresRoleBackendIT extends RoleBackendTests {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "revoking can end the user's open sessions, so access in use ends too")
  void endSessions() throws Exception {
    String user = users.get(1);
    assertRevokeEndsSessions(
        user, "jdbc:postgresql://127.0.0.1:5432/test?user=" + user + "&password=secret-" + user);
  }
}
