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
  String[] tamperWithRow2() {
    return new String[] {"DROP TRIGGER jit_audit_no_update", ALTER_ROW_2};
  }
}
