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

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "a member the granter made WITH ADMIN OPTION is not listed: it is not an access grant")
  void adminMembersAreNotHoldings() {
    DatabaseRoleBackend backend = builder().build();
    String role = roles.get(0);
    String member = users.get(0);
    try (java.sql.Connection c = backendData.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("GRANT " + role + " TO " + member + " WITH ADMIN OPTION");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    try {
      org.assertj.core.api.Assertions.assertThat(backend.holdings().orElseThrow())
          .extracting(dev.jit.spi.GrantStep::principal)
          .doesNotContain(member, granter.name);
    } finally {
      db.asAdmin("REVOKE " + role + " FROM " + member);
    }
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "a membership granted by hand is not listed, but PostgreSQL 15 keeps one membership per role"
          + " and member, so revoking a jit grant of the same pair removes it")
  void handGrantedMembership() {
    DatabaseRoleBackend backend = builder().build();
    dev.jit.spi.Grant g = grant(roles.get(1), users.get(2));
    db.asAdmin("GRANT " + roles.get(1) + " TO " + users.get(2));
    try {
      org.assertj.core.api.Assertions.assertThat(backend.holdings().orElseThrow())
          .doesNotContain(g.step());
      backend.grant(g);
      org.assertj.core.api.Assertions.assertThat(backend.holdings().orElseThrow())
          .as("the membership keeps its first grantor")
          .doesNotContain(g.step());
      org.assertj.core.api.Assertions.assertThat(backend.check(g))
          .isEqualTo(dev.jit.spi.GrantCheck.HELD);

      backend.revoke(g);

      org.assertj.core.api.Assertions.assertThat(backend.check(g))
          .isEqualTo(dev.jit.spi.GrantCheck.ABSENT);
    } finally {
      db.asAdmin("REVOKE " + roles.get(1) + " FROM " + users.get(2));
    }
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "with validUntil, an extension moves the login's VALID UNTIL later, never earlier")
  void extensionMovesValidUntil() {
    DatabaseRoleBackend backend = builder().validUntil(true).build();
    String user = users.get(0);
    dev.jit.spi.Grant g = grant(roles.get(0), user);
    java.time.Instant later = g.expiresAt().plus(java.time.Duration.ofHours(1));
    db.asAdmin("ALTER ROLE " + granter.name + " CREATEROLE"); // what validUntil needs
    try {
      backend.grant(g);
      org.assertj.core.api.Assertions.assertThat(validUntil(user)).isEqualTo(g.expiresAt());

      backend.extend(g, later);
      org.assertj.core.api.Assertions.assertThat(validUntil(user)).isEqualTo(later);
      backend.extend(g, g.expiresAt());
      org.assertj.core.api.Assertions.assertThat(validUntil(user))
          .as("an older extension arriving late does not shorten it")
          .isEqualTo(later);
    } finally {
      backend.revoke(g);
      db.asAdmin("ALTER ROLE " + user + " VALID UNTIL 'infinity'");
      db.asAdmin("ALTER ROLE " + granter.name + " NOCREATEROLE");
    }
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "without validUntil, an extension changes nothing in the database")
  void extensionWithoutValidUntil() {
    DatabaseRoleBackend backend = builder().build();
    String user = users.get(1);
    dev.jit.spi.Grant g = grant(roles.get(0), user);
    try {
      backend.grant(g);
      java.time.Instant before = validUntil(user);
      backend.extend(g, g.expiresAt().plus(java.time.Duration.ofHours(1)));
      org.assertj.core.api.Assertions.assertThat(validUntil(user)).isEqualTo(before);
    } finally {
      backend.revoke(g);
    }
  }

  private java.time.Instant validUntil(String user) {
    try (java.sql.Connection c = backendData.getConnection();
        java.sql.PreparedStatement s =
            c.prepareStatement("SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
      s.setString(1, user);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        rs.next();
        java.sql.Timestamp t = rs.getTimestamp(1);
        return t == null ? null : t.toInstant();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
