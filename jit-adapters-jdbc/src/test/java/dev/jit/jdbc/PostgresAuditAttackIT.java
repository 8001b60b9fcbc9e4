package dev.jit.jdbc;

/** The audit attacks on PostgreSQL. */
class PostgresAuditAttackIT extends AuditAttackTests {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  String appUrl(String user) {
    return "jdbc:postgresql://127.0.0.1:5432/test?user=" + user + "&currentSchema=" + db.name();
  }

  @Override
  String[] createAppUser(String user) {
    return new String[] {
      "CREATE ROLE " + user + " LOGIN", "GRANT USAGE ON SCHEMA " + db.name() + " TO " + user
    };
  }

  @Override
  String[] dropAppUser(String user) {
    return new String[] {"DROP OWNED BY " + user, "DROP ROLE " + user};
  }

  @Override
  String[] unprotect() {
    return new String[] {"ALTER TABLE jit_audit DISABLE TRIGGER jit_audit_no_update_or_delete"};
  }

  @Override
  String[] protect() {
    return new String[] {"ALTER TABLE jit_audit ENABLE TRIGGER jit_audit_no_update_or_delete"};
  }

  @Override
  String[] createRoleAndUser() {
    return new String[] {"CREATE ROLE " + role + " NOLOGIN", "CREATE ROLE " + dbUser + " LOGIN"};
  }

  @Override
  String[] dropRoleAndUser() {
    return new String[] {"DROP ROLE IF EXISTS " + dbUser, "DROP ROLE IF EXISTS " + role};
  }
}
