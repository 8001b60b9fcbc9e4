package dev.jit.jdbc;

/** The append-only audit table on MariaDB. */
class MariaDbAppendOnlyIT extends ServerAppendOnlyTests {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @Override
  String truncateRefusal() {
    return "Cannot truncate a table referenced in a foreign key constraint";
  }

  @Override
  String[] unprotect() {
    return new String[] {"DROP TRIGGER IF EXISTS jit_audit_no_update"};
  }

  @Override
  String appUrl() {
    return "jdbc:mariadb://127.0.0.1:3306/"
        + db.name()
        + "?user="
        + appUser
        + "&password=app-secret&sslMode=disable";
  }

  @Override
  String[] createAppUser() {
    return new String[] {"CREATE USER '" + appUser + "'@'%' IDENTIFIED BY 'app-secret'"};
  }

  @Override
  String[] dropAppUser() {
    return new String[] {"DROP USER '" + appUser + "'@'%'"};
  }
}
