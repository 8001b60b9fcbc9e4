package dev.jit.app.runtime;

import dev.jit.app.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * jit's schema in a database, as Flyway's history table ({@code flyway_schema_history}) records it,
 * compared with the migrations in this jar. {@code jit db migrate} applies them as the schema's
 * owner; {@code serve} only reads the history, and refuses to start unless every migration of this
 * jar is applied and none it does not know.
 */
final class Schema {
  private final Flyway flyway;
  private final String description;

  Schema(DataSource dataSource, String description, String... locations) {
    this.flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(locations)
            .validateOnMigrate(true)
            .load();
    this.description = description;
  }

  MigrateResult migrate() {
    try {
      return flyway.migrate();
    } catch (FlywayException e) {
      throw new ConfigException(
          "migrating jit's database " + description + " failed: " + e.getMessage().strip());
    }
  }

  /** The newest version this jar's migrations reach. */
  String latest() {
    return latest(flyway.info());
  }

  private static String latest(MigrationInfoService info) {
    return Arrays.stream(info.all())
        .filter(m -> m.getState().isResolved() && m.getVersion() != null)
        .reduce((a, b) -> b)
        .map(m -> m.getVersion().getVersion())
        .orElse("none");
  }

  /**
   * The version the database is at, when it is the one this jar needs.
   *
   * @throws SchemaMismatchException otherwise, saying which way it differs and what to do
   */
  String requireCurrent() {
    MigrationInfoService info;
    try {
      info = flyway.info();
    } catch (FlywayException e) {
      throw new SchemaMismatchException(
          "cannot read the schema history (flyway_schema_history) of jit's database "
              + description
              + ": has the grants script run for this login? ("
              + e.getMessage().strip()
              + ")");
    }
    MigrationInfo current = info.current();
    String needed = latest(info);
    if (current == null) {
      throw new SchemaMismatchException(
          "jit's database "
              + description
              + " has no jit schema, or this login cannot read its flyway_schema_history: run"
              + " `jit db migrate` with the schema owner's credentials, then the grants script for"
              + " the login jit serves as (docs/getting-started.md); this jit needs schema version "
              + needed);
    }
    List<MigrationInfo> applied = Arrays.asList(info.applied());
    for (MigrationInfo m : applied) {
      if (m.getState().isFailed()) {
        throw new SchemaMismatchException(
            "jit's database "
                + description
                + ": migration "
                + version(m)
                + " failed; repair the schema as its owner and run `jit db migrate` again");
      }
    }
    for (MigrationInfo m : applied) {
      if (m.getState() == MigrationState.FUTURE_SUCCESS) {
        throw new SchemaMismatchException(
            "jit's database "
                + description
                + " is at schema version "
                + version(current)
                + ", newer than this jit knows ("
                + needed
                + "): a newer jit migrated it; run that version, not this one");
      }
    }
    if (info.pending().length > 0) {
      throw new SchemaMismatchException(
          "jit's database "
              + description
              + " is at schema version "
              + version(current)
              + ", this jit needs "
              + needed
              + ": run `jit db migrate` with the schema owner's credentials first"
              + " (docs/getting-started.md)");
    }
    return version(current);
  }

  private static String version(MigrationInfo m) {
    return m.getVersion() == null ? m.getDescription() : m.getVersion().getVersion();
  }
}
