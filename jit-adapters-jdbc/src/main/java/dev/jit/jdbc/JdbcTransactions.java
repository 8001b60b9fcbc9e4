package dev.jit.jdbc;

import dev.jit.jdbc.internal.ForwardingDataSource;
import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.JitException;
import dev.jit.spi.Transactions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@link Transactions} over one database: while a transaction runs, the thread holds one
 * connection, and every adapter built on {@link #dataSource()} ({@link JdbcRequestStore}, {@link
 * JdbcAuditLog}, {@link JdbcOutbox}, {@link JdbcScheduler} with db-scheduler's client) writes
 * through it, so a state change's timers, messages, store row and audit record commit together in
 * one commit, or not at all. Outside a transaction {@link #dataSource()} hands out pooled
 * connections as the pool does.
 *
 * <p>The connection handed out inside a transaction ignores {@code close}, {@code commit} and
 * {@code setAutoCommit}, so the adapters' own transactions join the outer one; a {@code rollback}
 * by any of them marks the whole transaction to be rolled back. A statement that fails inside (a
 * duplicate key an adapter expects and handles) undoes itself alone: on PostgreSQL through the
 * driver's automatic savepoints, elsewhere as the database does anyway. Transactions run in READ
 * COMMITTED, so a locking read sees what committed before it (the audit head) and MariaDB takes no
 * gap locks between unrelated requests.
 */
public final class JdbcTransactions implements Transactions {
  private final DataSource pool;
  private final Dialect dialect;
  private final ThreadLocal<Bound> bound = new ThreadLocal<>();
  private final DataSource shared;

  public JdbcTransactions(DataSource pool) {
    this(pool, Dialect.of(pool));
  }

  public JdbcTransactions(DataSource pool, Dialect dialect) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.shared = new Shared();
  }

  /** The data source for every adapter that takes part in the transactions. */
  public DataSource dataSource() {
    return shared;
  }

  /** Whether {@code ds} is one of these data sources and this thread runs a transaction on it. */
  static boolean joined(DataSource ds) {
    return ds instanceof Shared s && s.owner().bound.get() != null;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (bound.get() != null) {
      return work.get();
    }
    try (Connection c = pool.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      Restore restore = begin(c);
      Bound b = new Bound(c);
      bound.set(b);
      try {
        T result = work.get();
        if (b.rollbackOnly) {
          throw new JitException("a write of the transaction failed; it was rolled back");
        }
        c.commit();
        return result;
      } catch (RuntimeException | Error e) {
        rollback(c, e);
        throw e;
      } finally {
        bound.remove();
        restore.run();
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw Sql.failure("committing a transaction", e);
    }
  }

  /** Undoes what {@link #begin} set on a connection. */
  @FunctionalInterface
  private interface Restore {
    void run() throws SQLException;
  }

  private Restore begin(Connection c) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      return Postgres.autosave(c);
    }
    if (dialect == Dialect.MARIADB) {
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      }
    }
    return () -> {};
  }

  /** Loaded only on PostgreSQL, so other deployments need not ship its driver. */
  private static final class Postgres {
    static Restore autosave(Connection c) throws SQLException {
      if (!c.isWrapperFor(org.postgresql.PGConnection.class)) {
        return () -> {};
      }
      org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
      org.postgresql.jdbc.AutoSave before = pg.getAutosave();
      pg.setAutosave(org.postgresql.jdbc.AutoSave.ALWAYS);
      return () -> pg.setAutosave(before);
    }
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** This thread's transaction: its connection, and whether a write inside asked to roll back. */
  private static final class Bound {
    final Connection connection;
    final Connection handedOut;
    volatile boolean rollbackOnly;

    Bound(Connection connection) {
      this.connection = connection;
      this.handedOut =
          (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (proxy, method, args) -> {
                    switch (method.getName()) {
                      case "close", "commit", "setAutoCommit", "setTransactionIsolation":
                        return null;
                      case "isClosed":
                        return false;
                      case "getAutoCommit":
                        return false;
                      case "rollback":
                        if (args == null) {
                          rollbackOnly = true;
                          return null;
                        }
                        break;
                      default:
                        break;
                    }
                    try {
                      return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
    }
  }

  /** Hands out this thread's transaction connection while one runs, a pooled one otherwise. */
  private final class Shared extends ForwardingDataSource {
    Shared() {
      super(pool);
    }

    JdbcTransactions owner() {
      return JdbcTransactions.this;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Bound b = bound.get();
      return b == null ? pool.getConnection() : b.handedOut;
    }
  }
}
