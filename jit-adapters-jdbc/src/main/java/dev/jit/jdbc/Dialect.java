package dev.jit.jdbc;

import dev.jit.spi.JitException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The databases jit supports, and what differs between them. */
public enum Dialect {
  POSTGRESQL("postgresql"),
  MARIADB("mariadb"),
  H2("h2");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /**
   * The Flyway location of this dialect's migrations, for example {@code
   * classpath:db/migration/jit/h2}.
   */
  public String migrations() {
    return "classpath:db/migration/jit/" + folder;
  }

  /** Tells the dialect from the driver's product name. */
  public static Dialect of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return POSTGRESQL;
      } else if (product.contains("mariadb") || product.contains("mysql")) {
        return MARIADB;
      } else if (product.contains("h2")) {
        return H2;
      }
      throw new JitException("unsupported database: " + product);
    } catch (SQLException e) {
      throw new JitException("could not reach the database to detect its dialect", e);
    }
  }

  /** Whether {@code e} is a unique-key violation. */
  boolean isDuplicateKey(SQLException e) {
    String state = e.getSQLState();
    return "23505".equals(state) || ("23000".equals(state) && e.getErrorCode() == 1062);
  }
}
