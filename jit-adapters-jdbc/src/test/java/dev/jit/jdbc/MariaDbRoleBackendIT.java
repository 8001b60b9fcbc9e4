package dev.jit.jdbc;

/** Database role grants on MARIADB. */
class MariaDbRoleBackendIT extends RoleBackendTests {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "revoking can end the user's open sessions, so access in use ends too")
  void endSessions() throws Exception {
    String user = users.get(1);
    assertRevokeEndsSessions(
        user,
        "jdbc:mariadb://127.0.0.1:3306/?user="
            + user
            + "&password=secret-"
            + user
            + "&sslMode=disable");
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "the granted role becomes the user's default role, and is cleared on revoke")
  void defaultRole() {
    assertDefaultRoleFollowsGrant();
  }
}
