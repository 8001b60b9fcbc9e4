package dev.jit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.JitException;
import dev.jit.spi.StepRules;
import java.util.LinkedHashSet;
import javax.sql.DataSource;

/**
 * Makes {@code database-role} backends: {@link DatabaseRoleBackend} on a target database of its own
 * (a small HikariCP pool the backend closes), or on jit's own database when the config has no
 * {@code url} (the composition root shares that {@link DataSource} as a service).
 */
public final class DatabaseRoleBackendFactory implements GrantBackendFactory<DatabaseRoleConfig> {

  /** The kind configuration names. */
  public static final String KIND = "database-role";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<DatabaseRoleConfig> configType() {
    return DatabaseRoleConfig.class;
  }

  @Override
  public StepRules stepRules(DatabaseRoleConfig config) {
    return DatabaseRoleBackend.stepRules(new LinkedHashSet<>(config.roles()));
  }

  @Override
  public GrantBackend create(String name, DatabaseRoleConfig config, BackendContext context) {
    if (config.usesJitDatabase()) {
      DataSource jit =
          context
              .service(DataSource.class)
              .orElseThrow(
                  () ->
                      new JitException(
                          "database role backend '"
                              + name
                              + "' has no url and no jit database is available to grant on"));
      return builder(name, jit, config).build();
    }
    HikariConfig c = new HikariConfig();
    c.setPoolName("grant-" + name);
    c.setJdbcUrl(config.url());
    c.setMaximumPoolSize(config.maximumPoolSize());
    c.setInitializationFailTimeout(-1);
    c.setConnectionTimeout(config.connectTimeout().toMillis());
    config.timeouts().applyTo(c);
    if (!config.usernameEnv().isEmpty()) {
      c.setUsername(required(context, config.usernameEnv(), name));
    }
    if (!config.passwordEnv().isEmpty()) {
      c.setPassword(required(context, config.passwordEnv(), name));
    }
    HikariDataSource pool = pool(c, name);
    try {
      return builder(name, pool, config).ownsDataSource(pool).build();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static DatabaseRoleBackend.Builder builder(
      String name, DataSource dataSource, DatabaseRoleConfig config) {
    return DatabaseRoleBackend.builder(name, dataSource)
        .managedRoles(new LinkedHashSet<>(config.roles()))
        .endSessionsOnRevoke(config.endSessionsOnRevoke())
        .validUntil(config.validUntil())
        .host(config.host());
  }

  /**
   * HikariCP fails with the whole URL in its message when no driver accepts it, which can carry a
   * password; the failure names the backend and the exception class only, and keeps no cause.
   */
  private static HikariDataSource pool(HikariConfig config, String name) {
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new JitException(
          "database role backend '"
              + name
              + "' cannot open a pool ("
              + e.getClass().getSimpleName()
              + "): is its url a jdbc:postgresql:, jdbc:mariadb: or jdbc:h2: URL?");
    }
  }

  private static String required(BackendContext context, String variable, String name) {
    return context
        .env(variable)
        .orElseThrow(
            () ->
                new JitException(
                    "database role backend '"
                        + name
                        + "' reads its credentials from "
                        + variable
                        + ", which is not set"));
  }
}
