package dev.jit.jdbc;

/**
 * The append-only audit table on H2, the reference app's embedded default. There the application
 * opens the database as its owner, so no grants separate it from the table: the Java trigger and
 * the truncate guard are what hold.
 */
class H2AppendOnlyIT extends AppendOnlyTests {
  @Override
  Dialect dialect() {
    return Dialect.H2;
  }

  @Override
  String truncateRefusal() {
    return "Cannot truncate";
  }

  @Override
  String[] unprotect() {
    return new String[] {"DROP TRIGGER IF EXISTS jit_audit_no_update"};
  }
}
