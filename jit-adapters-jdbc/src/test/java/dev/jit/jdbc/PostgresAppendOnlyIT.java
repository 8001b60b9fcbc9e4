package dev.jit.jdbc;

/** The append-only audit table on PostgreSQL. */
class PostgresAppendOnlyIT extends ServerAppendOnlyTests {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  String truncateRefusal() {
    return "append-only";
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
  String appUrl() {
    String schema = db.name();
    return "jdbc:postgresql://127.0.0.1:5432/test?user=" + appUser + "&currentSchema=" + schema;
  }

  @Override
  String[] createAppUser() {
    return new String[] {
      "CREATE ROLE " + appUser + " LOGIN", "GRANT USAGE ON SCHEMA " + db.name() + " TO " + appUser
    };
  }

  @Override
  String[] dropAppUser() {
    return new String[] {"DROP OWNED BY " + appUser, "DROP ROLE " + appUser};
  }
}
