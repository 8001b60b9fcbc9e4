package dev.jit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The least-privilege login docs/database.md tells operators to give {@link DatabaseRoleBackend} on
 * PostgreSQL and MariaDB: each managed role {@code WITH ADMIN OPTION}, and only what reading
 * memberships, setting default roles and ending sessions need. Tests connect the backend as this
 * login, so the granter's own admin memberships exist in the catalog as they do in production.
 */
final class Granter implements AutoCloseable {
  final String name;
  private final TestDatabase db;
  private final HikariDataSource pool;

  private Granter(String name, TestDatabase db, HikariDataSource pool) {
    this.name = name;
    this.db = db;
    this.pool = pool;
  }

  /** Creates the login {@code name} with admin option on {@code roles}, and a pool as it. */
  static Granter create(TestDatabase db, String name, Collection<String> roles) {
    db.asAdmin(setup(db.dialect(), name, roles).toArray(String[]::new));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(db.dialect(), name));
    config.setMaximumPoolSize(4);
    config.setPoolName(name);
    return new Granter(name, db, new HikariDataSource(config));
  }

  /** The statements of the documented setup, as an operator would run them. */
  static List<String> setup(Dialect dialect, String name, Collection<String> roles) {
    List<String> sql = new ArrayList<>();
    String password = "'secret-" + name + "'";
    switch (dialect) {
      case POSTGRESQL -> {
        sql.add("CREATE ROLE " + name + " LOGIN PASSWORD " + password);
        roles.forEach(r -> sql.add("GRANT " + r + " TO " + name + " WITH ADMIN OPTION"));
        sql.add("GRANT pg_signal_backend TO " + name);
      }
      case MARIADB -> {
        String account = "'" + name + "'@'%'";
        sql.add("CREATE USER " + account + " IDENTIFIED BY " + password);
        roles.forEach(r -> sql.add("GRANT " + r + " TO " + account + " WITH ADMIN OPTION"));
        sql.add("GRANT SELECT ON mysql.roles_mapping TO " + account);
        sql.add("GRANT SELECT ON mysql.user TO " + account);
        sql.add("GRANT UPDATE ON mysql.* TO " + account);
        sql.add("GRANT CONNECTION ADMIN, PROCESS ON *.* TO " + account);
      }
      case H2 -> throw new IllegalArgumentException("H2 grants roles only as an admin");
    }
    return sql;
  }

  private static String url(Dialect dialect, String name) {
    String url =
        TestDatabase.adminUrl(dialect)
            .replaceFirst("user=[^&]*", "user=" + name)
            .replaceFirst("&password=[^&]*", "");
    if (dialect == Dialect.MARIADB) {
      url = url.replaceFirst("/[^/?]*\\?", "/?");
    }
    return url + "&password=secret-" + name;
  }

  DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
    db.asAdmin(
        db.dialect() == Dialect.MARIADB
            ? "DROP USER IF EXISTS '" + name + "'@'%'"
            : "DROP ROLE IF EXISTS " + name);
  }
}
