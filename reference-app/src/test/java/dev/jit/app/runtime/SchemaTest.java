package dev.jit.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jit.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What serve's schema check says, for each way a schema can differ from this jar's migrations. */
class SchemaTest {
  static final String JIT = Dialect.H2.migrations();
  static final String PROBE = "classpath:db/schema-probe";

  HikariDataSource ds;

  @BeforeEach
  void open() {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl("jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds = new HikariDataSource(c);
  }

  @AfterEach
  void close() {
    ds.close();
  }

  @Test
  @DisplayName("a schema with every migration of the jar applied is current, at the jar's version")
  void current() {
    Schema schema = new Schema(ds, "under test", JIT);
    schema.migrate();
    assertThat(schema.requireCurrent()).isEqualTo(schema.latest()).isNotEqualTo("none");
  }

  @Test
  @DisplayName("a schema behind the jar (a migration not applied): 'run jit db migrate'")
  void behind() {
    Schema applied = new Schema(ds, "under test", JIT);
    applied.migrate();
    Schema newer = new Schema(ds, "under test", JIT, PROBE);

    assertThatThrownBy(newer::requireCurrent)
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining(
            "is at schema version " + applied.latest() + ", this jit needs 999999")
        .hasMessageContaining("run `jit db migrate` with the schema owner's credentials first");
  }

  @Test
  @DisplayName("a schema whose last migration failed: 'repair it as the owner'")
  void failed() throws SQLException {
    new Schema(ds, "under test", JIT).migrate();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
              + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\","
              + " \"execution_time\", \"success\") VALUES (99, '999999', 'probe', 'SQL',"
              + " 'V999999__probe.sql', 0, 'owner', 1, FALSE)");
    }
    Schema schema = new Schema(ds, "under test", JIT, PROBE);

    assertThatThrownBy(schema::requireCurrent)
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("migration 999999 failed; repair the schema as its owner");
  }
}
