package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigException;
import dev.jit.app.config.ConfigLoader;
import dev.jit.jdbc.DatabaseRoleConfig;
import dev.jit.jdbc.JdbcTimeouts;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bounds on database connections, for jit's own pool ({@code settings.database}) and each
 * database-role backend's: defaults, overrides, and the combinations refused with the key named.
 */
class DatabaseTimeoutsConfigTest {
  @Test
  @DisplayName(
      "by default: 10s to connect, 60s of server silence, 30s per statement, 10s per lock wait")
  void defaults() {
    AppConfig config = ConfigLoader.parse(ConfigLoaderTest.POLICY, "c.yaml");
    assertThat(config.settings().database().timeouts())
        .isEqualTo(
            new JdbcTimeouts(
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
  }

  @Test
  @DisplayName("settings.database and a database-role backend take their own timeouts")
  void overrides() {
    AppConfig config =
        ConfigLoader.parse(
            """
            settings:
              database: { connectTimeout: 3s, socketTimeout: 20s, statementTimeout: 15s, lockTimeout: 2s }
              backends:
                - name: pg
                  kind: database-role
                  url: jdbc:postgresql://db.example/app
                  roles: [r1]
                  statementTimeout: 5s
                  socketTimeout: 8s
            """
                + ConfigLoaderTest.POLICY,
            "c.yaml");
    assertThat(config.settings().database().timeouts())
        .isEqualTo(
            new JdbcTimeouts(
                Duration.ofSeconds(3),
                Duration.ofSeconds(20),
                Duration.ofSeconds(15),
                Duration.ofSeconds(2)));
    DatabaseRoleConfig pg = (DatabaseRoleConfig) config.settings().backends().get(0).config();
    assertThat(pg.timeouts())
        .isEqualTo(
            new JdbcTimeouts(
                Duration.ofSeconds(10),
                Duration.ofSeconds(8),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10)));
  }

  @Test
  @DisplayName(
      "a socket timeout not longer than the statement timeout is refused: the driver would drop"
          + " the connection before the server cancels")
  void socketMustOutlastStatement() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "settings:\n  database: { socketTimeout: 30s }\n" + ConfigLoaderTest.POLICY,
                    "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("settings.database.socketTimeout")
        .hasMessageContaining("longer than statementTimeout");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    """
                    settings:
                      backends:
                        - { name: pg, kind: database-role, roles: [r1], statementTimeout: 2m }
                    """
                        + ConfigLoaderTest.POLICY,
                    "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("settings.backends[0].socketTimeout");
  }

  @Test
  @DisplayName("timeouts are whole seconds, as the drivers count them")
  void wholeSeconds() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "settings:\n  database: { lockTimeout: 1500ms }\n" + ConfigLoaderTest.POLICY,
                    "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("settings.database.lockTimeout")
        .hasMessageContaining("whole seconds");
  }
}
