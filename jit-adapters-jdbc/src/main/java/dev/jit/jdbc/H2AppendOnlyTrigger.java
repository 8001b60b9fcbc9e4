package dev.jit.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * Keeps the audit table append-only on H2, as the SQL triggers do on PostgreSQL and MariaDB: H2
 * runs triggers as Java classes, and the H2 migration installs this one for UPDATE and DELETE on
 * {@code jit_audit}. H2 needs the class public, with a public no-argument constructor; nothing in
 * jit calls it.
 *
 * <p>H2 fires no trigger on {@code TRUNCATE}; the migration refuses it another way: the
 * always-empty {@code jit_audit_truncate_guard} table holds a foreign key onto {@code jit_audit},
 * and H2 will not truncate a table a foreign key refers to.
 */
public final class H2AppendOnlyTrigger implements Trigger {
  private String operation = "this change";

  @Override
  public void init(
      Connection conn, String schema, String trigger, String table, boolean before, int type) {
    operation = (type & Trigger.DELETE) != 0 ? "DELETE" : "UPDATE";
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    throw new SQLException("jit_audit is append-only: " + operation + " is not allowed", "42501");
  }
}
