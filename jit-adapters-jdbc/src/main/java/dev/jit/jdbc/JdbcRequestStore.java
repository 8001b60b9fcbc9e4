package dev.jit.jdbc;

import dev.jit.jdbc.internal.Snapshots;
import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.StaleVersionException;
import dev.jit.spi.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link RequestStore} over JDBC: table {@code jit_request}, one row per request with its canonical
 * snapshot and the columns sweeps query. Optimistic concurrency by version: an insert of an
 * existing id and an update whose expected version is gone both fail with {@link
 * StaleVersionException}. Thread-safe; any number of processes may share the database.
 */
public final class JdbcRequestStore implements RequestStore {
  private static final String COLUMNS =
      "id, version, status, requester, created_at, next_deadline, snapshot";

  private final DataSource dataSource;
  private final Dialect dialect;

  public JdbcRequestStore(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcRequestStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  @Override
  public void save(AccessRequest r) {
    Sql.run(
        dataSource,
        "saving request " + r.id(),
        c -> {
          if (r.version() == 1) {
            insert(c, r);
          } else {
            update(c, r);
          }
          return null;
        });
  }

  private void insert(Connection c, AccessRequest r) throws SQLException {
    try (PreparedStatement ps =
        Sql.prepare(
            c,
            "INSERT INTO jit_request (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
            r.id().value(),
            r.version(),
            r.status().name(),
            r.requester().value(),
            r.createdAt().toEpochMilli(),
            deadline(r),
            Snapshots.encode(r))) {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (dialect.isDuplicateKey(e)) {
        throw new StaleVersionException("request " + r.id() + " already exists");
      }
      throw e;
    }
  }

  private void update(Connection c, AccessRequest r) throws SQLException {
    try (PreparedStatement ps =
        Sql.prepare(
            c,
            "UPDATE jit_request SET version = ?, status = ?, next_deadline = ?, snapshot = ?"
                + " WHERE id = ? AND version = ?",
            r.version(),
            r.status().name(),
            deadline(r),
            Snapshots.encode(r),
            r.id().value(),
            r.version() - 1)) {
      if (ps.executeUpdate() != 1) {
        throw new StaleVersionException(
            "request " + r.id() + " is not at version " + (r.version() - 1));
      }
    }
  }

  private static Long deadline(AccessRequest r) {
    return r.nextDeadline().map(Instant::toEpochMilli).orElse(null);
  }

  @Override
  public Optional<AccessRequest> find(RequestId id) {
    List<AccessRequest> found = query("SELECT snapshot FROM jit_request WHERE id = ?", id.value());
    return found.stream().findFirst();
  }

  /**
   * One keyset-ordered branch per status, merged: each branch is a range of the {@code (status,
   * id)} index that stops after {@code limit} rows, so a page reads at most {@code limit} rows per
   * status however many requests have those statuses. A single {@code status IN (…) ORDER BY id}
   * would read and sort every one of them on each page (recovery with 100,000 active grants: 200
   * pages of up to 100,000 rows). On PostgreSQL sorting is disabled for the query, so the planner
   * merges the branches' index order instead of choosing from statistics it may not have.
   */
  @Override
  public List<AccessRequest> findByStatus(
      Set<RequestStatus> statuses, Optional<RequestId> after, int limit) {
    if (statuses.isEmpty() || limit <= 0) {
      return List.of();
    }
    List<Object> params = new ArrayList<>();
    for (String status : names(statuses)) {
      params.add(status);
      after.ifPresent(a -> params.add(a.value()));
      params.add(limit);
    }
    params.add(limit);
    String sql = byStatusSql(statuses.size(), after.isPresent());
    if (dialect != Dialect.POSTGRESQL) {
      return query(sql, params.toArray());
    }
    return Sql.transaction(
        dataSource,
        "reading requests",
        c -> {
          try (PreparedStatement off = c.prepareStatement("SET LOCAL enable_sort = off")) {
            off.execute();
          }
          return read(c, sql, params.toArray());
        });
  }

  /** The SQL of {@link #findByStatus}: per status the status, then the id after (if any), limit. */
  static String byStatusSql(int statuses, boolean after) {
    String branch =
        "(SELECT id, snapshot FROM jit_request WHERE status = ?"
            + (after ? " AND id > ?" : "")
            + " ORDER BY id LIMIT ?)";
    return "SELECT snapshot FROM ("
        + String.join(" UNION ALL ", Collections.nCopies(statuses, branch))
        + ") AS by_status ORDER BY id LIMIT ?";
  }

  @Override
  public List<AccessRequest> findDue(Instant at, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return query(DUE_SQL, at.toEpochMilli(), limit);
  }

  /** The SQL of {@link #findDue}: the time, the limit. */
  static final String DUE_SQL =
      "SELECT snapshot FROM jit_request WHERE next_deadline IS NOT NULL AND next_deadline <= ?"
          + " ORDER BY next_deadline, id LIMIT ?";

  @Override
  public List<AccessRequest> findByRequester(
      UserId requester, Set<RequestStatus> statuses, int limit) {
    if (statuses.isEmpty() || limit <= 0) {
      return List.of();
    }
    List<Object> params = new ArrayList<>();
    params.add(requester.value());
    params.addAll(names(statuses));
    params.add(limit);
    return query(byRequesterSql(statuses.size()), params.toArray());
  }

  /** The SQL of {@link #findByRequester}: the requester, the statuses, the limit. */
  static String byRequesterSql(int statuses) {
    return "SELECT snapshot FROM jit_request WHERE requester = ? AND status IN ("
        + marks(statuses)
        + ") ORDER BY created_at DESC, id LIMIT ?";
  }

  private List<AccessRequest> query(String sql, Object... params) {
    return Sql.run(dataSource, "reading requests", c -> read(c, sql, params));
  }

  private static List<AccessRequest> read(Connection c, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement ps = Sql.prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      List<AccessRequest> out = new ArrayList<>();
      while (rs.next()) {
        out.add(Snapshots.decodeRequest(rs.getString(1)));
      }
      return out;
    }
  }

  private static List<String> names(Set<RequestStatus> statuses) {
    return statuses.stream().map(Enum::name).sorted().toList();
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
