package dev.jit.jdbc;

/**
 * The audit attacks on MariaDB, where the owner's way around the protection is to drop triggers.
 */
class MariaDbAuditAttackIT extends AuditAttackTests {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @Override
  String appUrl(String user) {
    return "jdbc:mariadb://127.0.0.1:3306/"
        + db.name()
        + "?user="
        + user
        + "&password=app-secret&sslMode=disable";
  }

  @Override
  String[] createAppUser(String user) {
    return new String[] {"CREATE USER '" + user + "'@'%' IDENTIFIED BY 'app-secret'"};
  }

  @Override
  String[] dropAppUser(String user) {
    return new String[] {"DROP USER '" + user + "'@'%'"};
  }

  @Override
  String[] unprotect() {
    return new String[] {"DROP TRIGGER jit_audit_no_update", "DROP TRIGGER jit_audit_no_delete"};
  }

  @Override
  String[] protect() {
    return new String[] {
      "CREATE TRIGGER jit_audit_no_update BEFORE UPDATE ON jit_audit FOR EACH ROW SIGNAL SQLSTATE"
          + " '45000' SET MESSAGE_TEXT = 'jit_audit is append-only: UPDATE is not allowed'",
      "CREATE TRIGGER jit_audit_no_delete BEFORE DELETE ON jit_audit FOR EACH ROW SIGNAL SQLSTATE"
          + " '45000' SET MESSAGE_TEXT = 'jit_audit is append-only: DELETE is not allowed'"
    };
  }

  @Override
  String[] createRoleAndUser() {
    return new String[] {
      "CREATE ROLE " + role, "CREATE USER '" + dbUser + "'@'%' IDENTIFIED BY 'x'"
    };
  }

  @Override
  String[] dropRoleAndUser() {
    return new String[] {"DROP USER IF EXISTS '" + dbUser + "'@'%'", "DROP ROLE IF EXISTS " + role};
  }
}
