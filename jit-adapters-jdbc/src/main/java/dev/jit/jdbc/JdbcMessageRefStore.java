package dev.jit.jdbc;

import dev.jit.jdbc.internal.Sql;
import dev.jit.spi.MessageRef;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.RequestId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link MessageRefStore} over JDBC: table {@code jit_message_ref}. Thread-safe. */
public final class JdbcMessageRefStore implements MessageRefStore {
  private final DataSource dataSource;
  private final Dialect dialect;

  public JdbcMessageRefStore(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcMessageRefStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  @Override
  public void put(MessageRef ref) {
    String sql =
        switch (dialect) {
          case POSTGRESQL ->
              "INSERT INTO jit_message_ref (request_id, purpose, channel, message_id)"
                  + " VALUES (?, ?, ?, ?) ON CONFLICT (request_id, purpose, channel)"
                  + " DO UPDATE SET message_id = EXCLUDED.message_id";
          case MARIADB ->
              "INSERT INTO jit_message_ref (request_id, purpose, channel, message_id)"
                  + " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE message_id = VALUES(message_id)";
          case H2 ->
              "MERGE INTO jit_message_ref (request_id, purpose, channel, message_id)"
                  + " KEY (request_id, purpose, channel) VALUES (?, ?, ?, ?)";
        };
    Sql.run(
        dataSource,
        "storing a message reference",
        c -> {
          try (PreparedStatement ps =
              Sql.prepare(
                  c, sql, ref.requestId().value(), ref.purpose(), ref.channel(), ref.messageId())) {
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public List<MessageRef> find(RequestId requestId) {
    return Sql.run(
        dataSource,
        "reading message references",
        c -> {
          try (PreparedStatement ps =
                  Sql.prepare(
                      c,
                      "SELECT purpose, channel, message_id FROM jit_message_ref WHERE request_id = ?"
                          + " ORDER BY position",
                      requestId.value());
              ResultSet rs = ps.executeQuery()) {
            List<MessageRef> out = new ArrayList<>();
            while (rs.next()) {
              out.add(new MessageRef(requestId, rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return out;
          }
        });
  }
}
