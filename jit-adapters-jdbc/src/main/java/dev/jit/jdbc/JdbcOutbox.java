package dev.jit.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jit.jdbc.internal.Snapshots;
import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.JitException;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Outbox;
import dev.jit.spi.OutboxMessage;
import dev.jit.spi.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@link Outbox} over JDBC: table {@code jit_outbox} (migration V3). Claims are conditional
 * updates, so of several processes claiming at once each message goes to one, without locks held
 * across the delivery. Thread-safe.
 */
public final class JdbcOutbox implements Outbox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "msg_key, kind, recipients, detail, snapshot, created_at, attempts, not_before";

  private final DataSource dataSource;

  public JdbcOutbox(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Inserts the message, then moves the held-back messages of its request forward; two statements
   * in auto-commit mode, since a transaction holding the key and the request's range at once
   * deadlocks on InnoDB when engines add for the same request. A process dying in between leaves
   * the older messages at their backoff, which is all they lose.
   */
  @Override
  public void add(OutboxMessage m) {
    Notification n = m.notification();
    for (int attempt = 1; ; attempt++) {
      try {
        Sql.run(
            dataSource,
            "adding a notification to the outbox",
            c -> {
              if (insert(c, m, n)) {
                try (PreparedStatement due =
                    Sql.prepare(
                        c,
                        "UPDATE jit_outbox SET not_before = ?"
                            + " WHERE request_id = ? AND not_before > ? AND msg_key <> ?",
                        m.notBefore().toEpochMilli(),
                        m.requestId().value(),
                        m.notBefore().toEpochMilli(),
                        m.key())) {
                  due.executeUpdate();
                }
              }
              return null;
            });
        return;
      } catch (JitException e) {
        if (attempt >= 3 || !deadlock(e) || JdbcTransactions.joined(dataSource)) {
          throw e;
        }
      }
    }
  }

  /** Inserts {@code m}; false when its key is there already. */
  private static boolean insert(Connection c, OutboxMessage m, Notification n) throws SQLException {
    try (PreparedStatement insert =
        Sql.prepare(
            c,
            "INSERT INTO jit_outbox (msg_key, request_id, kind, recipients, detail, snapshot,"
                + " created_at, attempts, not_before, claimed_until)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            m.key(),
            m.requestId().value(),
            n.kind().name(),
            recipients(n.recipients()),
            n.detail(),
            Snapshots.encode(n.request()),
            m.createdAt().toEpochMilli(),
            m.attempts(),
            m.notBefore().toEpochMilli())) {
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw e;
    }
  }

  private static boolean deadlock(JitException e) {
    return e.getCause() instanceof SQLException s
        && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()));
  }

  @Override
  public List<OutboxMessage> claim(String claimant, Instant now, Duration lease, int limit) {
    Objects.requireNonNull(claimant, "claimant");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    long at = now.toEpochMilli();
    return Sql.run(
        dataSource,
        "claiming notifications",
        c -> {
          List<OutboxMessage> candidates =
              read(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM jit_outbox o WHERE o.not_before <= ? AND o.claimed_until <= ?"
                      + " AND NOT EXISTS (SELECT 1 FROM jit_outbox p"
                      + " WHERE p.request_id = o.request_id AND p.seq < o.seq)"
                      + " ORDER BY o.seq LIMIT ?",
                  at,
                  at,
                  limit);
          List<OutboxMessage> claimed = new ArrayList<>();
          for (OutboxMessage m : candidates) {
            try (PreparedStatement ps =
                Sql.prepare(
                    c,
                    "UPDATE jit_outbox SET claimed_by = ?, claimed_until = ?, attempts = ?"
                        + " WHERE msg_key = ? AND claimed_until <= ? AND attempts = ?",
                    claimant,
                    now.plus(lease).toEpochMilli(),
                    m.attempts() + 1,
                    m.key(),
                    at,
                    m.attempts())) {
              if (ps.executeUpdate() == 1) {
                claimed.add(
                    new OutboxMessage(
                        m.notification(), m.createdAt(), m.attempts() + 1, m.notBefore()));
              }
            }
          }
          return claimed;
        });
  }

  @Override
  public void remove(String key) {
    Sql.run(
        dataSource,
        "removing a delivered notification",
        c -> {
          try (PreparedStatement ps =
              Sql.prepare(c, "DELETE FROM jit_outbox WHERE msg_key = ?", key)) {
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void release(String key, String claimant, Instant notBefore) {
    Sql.run(
        dataSource,
        "releasing a notification",
        c -> {
          try (PreparedStatement ps =
              Sql.prepare(
                  c,
                  "UPDATE jit_outbox SET claimed_by = NULL, claimed_until = 0, not_before = ?"
                      + " WHERE msg_key = ? AND claimed_by = ?",
                  notBefore.toEpochMilli(),
                  key,
                  claimant)) {
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public List<OutboxMessage> waiting(int limit) {
    return Sql.run(
        dataSource,
        "reading the outbox",
        c -> read(c, "SELECT " + COLUMNS + " FROM jit_outbox ORDER BY seq LIMIT ?", limit));
  }

  private static List<OutboxMessage> read(Connection c, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement ps = Sql.prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      List<OutboxMessage> out = new ArrayList<>();
      while (rs.next()) {
        Notification n =
            new Notification(
                NotificationKind.valueOf(rs.getString(2)),
                Snapshots.decodeRequest(rs.getString(5)),
                recipients(rs.getString(3)),
                rs.getString(4),
                rs.getString(1));
        out.add(
            new OutboxMessage(
                n,
                Instant.ofEpochMilli(rs.getLong(6)),
                rs.getInt(7),
                Instant.ofEpochMilli(rs.getLong(8))));
      }
      return out;
    }
  }

  private static String recipients(Set<UserId> users) {
    try {
      return JSON.writeValueAsString(
          users.stream().map(UserId::value).collect(Collectors.toCollection(TreeSet::new)));
    } catch (JsonProcessingException e) {
      throw new JitException("cannot encode the recipients of a notification", e);
    }
  }

  private static Set<UserId> recipients(String json) {
    try {
      return Arrays.stream(JSON.readValue(json, String[].class))
          .map(UserId::new)
          .collect(Collectors.toSet());
    } catch (JsonProcessingException e) {
      throw new JitException("a notification in the outbox has unreadable recipients", e);
    }
  }
}
