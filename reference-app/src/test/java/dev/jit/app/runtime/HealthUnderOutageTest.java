package dev.jit.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's outage: the database stops answering, so every new connection hangs. The pool
 * waits its connectionTimeout (10 s by default) for one; {@code /healthz} must still answer within
 * its documented 2 s, and be healthy again by itself when the database is back.
 */
class HealthUnderOutageTest {
  /** The documented bound is 2 s; the client gives up a little later, as a load balancer would. */
  private static final Duration CLIENT_BUDGET = Duration.ofMillis(2500);

  @TempDir Path dir;
  private final Outage outage = new Outage();
  private HikariDataSource pool;
  private Database database;
  private AppHttp http;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + dir.resolve("jit"));
    h2.setUser("jit");
    outage.target = h2;
    HikariConfig config = new HikariConfig();
    config.setDataSource(outage);
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(Duration.ofSeconds(10).toMillis()); // the shipped default
    config.setInitializationFailTimeout(-1);
    pool = new HikariDataSource(config);
    database = Database.of(pool, "test H2 behind a switchable outage");
    http =
        new AppHttp(
            new java.net.InetSocketAddress("127.0.0.1", 0),
            database,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    http.start();
  }

  @AfterEach
  void stop() {
    outage.end();
    http.close();
    database.close();
  }

  @Test
  @DisplayName("/healthz answers 503 within its bound while connections hang, then 200 by itself")
  void boundedAndRecovers() throws Exception {
    assertThat(healthz().statusCode()).isEqualTo(200);

    outage.begin();
    pool.getHikariPoolMXBean().softEvictConnections(); // the pooled connections die with the DB
    for (int i = 0; i < 3; i++) { // a stuck check must not make later checks wait longer
      HttpResponse<String> r = healthz();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body())
          .contains("\"process\":\"ok\"")
          .contains("\"database\":\"unreachable (timeout)\"");
    }

    outage.end();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> healthz().statusCode() == 200);
  }

  /** Fails (HttpTimeoutException) when the answer takes longer than the client's budget. */
  private HttpResponse<String> healthz() throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/healthz"))
            .timeout(CLIENT_BUDGET)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A DataSource whose new connections hang while the outage lasts, like a black-holed host. */
  private static final class Outage implements DataSource {
    private volatile DataSource target;
    private volatile CountDownLatch over = new CountDownLatch(0);

    void begin() {
      over = new CountDownLatch(1);
    }

    void end() {
      over.countDown();
    }

    private Connection afterOutage(ConnectionOpener open) throws SQLException {
      try {
        if (!over.await(60, TimeUnit.SECONDS)) {
          throw new SQLException("outage did not end");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted", e);
      }
      return open.open();
    }

    @Override
    public Connection getConnection() throws SQLException {
      return afterOutage(() -> target.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return afterOutage(() -> target.getConnection(user, password));
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }

    private interface ConnectionOpener {
      Connection open() throws SQLException;
    }
  }
}
