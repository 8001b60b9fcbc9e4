package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The append-only audit table on PostgreSQL. */
class PostgresAppendOnlyIT extends ServerAppendOnlyTests {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Test
  @DisplayName("the database rejects TRUNCATE of the audit table, even from the table's owner")
  void truncateRejected() {
    assertThatThrownBy(() -> db.asAdmin("TRUNCATE TABLE jit_audit"))
        .hasMessageContaining("append-only");
  }

  @Override
  String[] tamperWithRow2() {
    return new String[] {
      "ALTER TABLE jit_audit DISABLE TRIGGER jit_audit_no_update_or_delete",
      ALTER_ROW_2,
      "ALTER TABLE jit_audit ENABLE TRIGGER jit_audit_no_update_or_delete"
    };
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
