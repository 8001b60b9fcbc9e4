package dev.jit.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts the connections taken from it (each one a call to the database) and can
 * make the next one fail with a chosen SQLState, as a dropped network link ({@code 08006}) or a
 * missing privilege ({@code 42501}) would.
 */
final class FaultyDataSource implements DataSource {
  private final DataSource delegate;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicReference<String> failNext = new AtomicReference<>();

  FaultyDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Connections taken so far. */
  long connections() {
    return connections.get();
  }

  /** The next connection fails with {@code sqlState}. */
  void failNext(String sqlState) {
    failNext.set(sqlState);
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    String state = failNext.getAndSet(null);
    if (state != null) {
      throw new SQLException("injected failure", state);
    }
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the backend uses the pool's own credentials");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
