package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.audit.AuditVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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

  @Test
  @DisplayName("the database rejects TRUNCATE and DROP of the audit table, even from its owner")
  void truncateRejected() {
    assertThatThrownBy(() -> db.asAdmin("TRUNCATE TABLE jit_audit"))
        .hasMessageContaining("Cannot truncate");
    assertThatThrownBy(() -> db.asAdmin("DROP TABLE jit_audit"))
        .hasMessageContaining("jit_audit_truncate_guard".toUpperCase());
    assertThat(AuditVerifier.verify(log).intact()).isTrue();
  }

  @Override
  String[] tamperWithRow2() {
    return new String[] {"DROP TRIGGER jit_audit_no_update", ALTER_ROW_2};
  }
}
