package dev.jit.app.runtime;

import dev.jit.spi.RequestStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges over the request table: requests by state and the age of the oldest pending request.
 * Counted in SQL ({@code GROUP BY status}) rather than through the store, which would load every
 * snapshot; refreshed periodically, so a scrape never touches the database.
 */
final class RequestStats {
  private static final Logger LOG = LoggerFactory.getLogger(RequestStats.class);

  private final DataSource dataSource;
  private final Clock clock;
  private final Map<RequestStatus, AtomicLong> byState = new EnumMap<>(RequestStatus.class);
  private final AtomicLong oldestPendingCreatedAt = new AtomicLong(-1);

  RequestStats(DataSource dataSource, Clock clock, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.clock = clock;
    for (RequestStatus s : RequestStatus.values()) {
      AtomicLong v = new AtomicLong();
      byState.put(s, v);
      Gauge.builder("jit.requests", v, AtomicLong::get)
          .description("Requests by state, as of the last refresh")
          .tag("state", s.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("jit.requests.oldest.pending.age", this, RequestStats::oldestPendingSeconds)
        .description("Age of the oldest pending request, 0 when none is pending")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Reads the counts; a failure keeps the last values and is logged. */
  void refresh() {
    try (Connection c = dataSource.getConnection()) {
      Map<RequestStatus, Long> counts = new EnumMap<>(RequestStatus.class);
      try (PreparedStatement s =
              c.prepareStatement("SELECT status, COUNT(*) FROM jit_request GROUP BY status");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          try {
            counts.put(RequestStatus.valueOf(rs.getString(1)), rs.getLong(2));
          } catch (IllegalArgumentException unknown) {
            // a status from a newer version: not ours to count
          }
        }
      }
      byState.forEach((s, v) -> v.set(counts.getOrDefault(s, 0L)));
      try (PreparedStatement s =
          c.prepareStatement("SELECT MIN(created_at) FROM jit_request WHERE status = ?")) {
        s.setString(1, RequestStatus.PENDING.name());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          long min = rs.getLong(1);
          oldestPendingCreatedAt.set(rs.wasNull() ? -1 : min);
        }
      }
    } catch (SQLException e) {
      LOG.warn("could not refresh request metrics: {}", e.getClass().getSimpleName());
    }
  }

  private double oldestPendingSeconds() {
    long created = oldestPendingCreatedAt.get();
    return created < 0 ? 0 : Math.max(0, clock.millis() - created) / 1000.0;
  }
}
