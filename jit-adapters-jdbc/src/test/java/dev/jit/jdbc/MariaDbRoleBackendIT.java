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
    DatabaseRoleBackend backend = builder().build();
    String user = users.get(0);
    dev.jit.spi.Grant g = grant(roles.get(0), user);
    backend.grant(g);
    org.assertj.core.api.Assertions.assertThat(defaultRole(user)).isEqualTo(roles.get(0));
    backend.revoke(g);
    org.assertj.core.api.Assertions.assertThat(defaultRole(user)).isEmpty();
  }

  private String defaultRole(String user) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT default_role FROM mysql.user WHERE User = ? AND Host = '%'")) {
      ps.setString(1, user);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return java.util.Objects.requireNonNullElse(rs.getString(1), "");
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
