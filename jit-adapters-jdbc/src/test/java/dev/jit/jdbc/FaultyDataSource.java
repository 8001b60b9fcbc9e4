package dev.jit.jdbc;

import dev.jit.jdbc.internal.ForwardingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A data source that counts the connections taken from it (each one a call to the database) and can
 * make the next one fail with a chosen SQLState, as a dropped network link ({@code 08006}) or a
 * missing privilege ({@code 42501}) would.
 */
final class FaultyDataSource extends ForwardingDataSource {
  private final AtomicLong connections = new AtomicLong();
  private final AtomicReference<String> failNext = new AtomicReference<>();

  FaultyDataSource(DataSource delegate) {
    super(delegate);
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
}
