package dev.jit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.jdbc.EngineOnDatabaseTests.Died;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.ForwardingAuditLog;
import dev.jit.testkit.engine.EngineWorld;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's view of a process that dies inside a state change, after its timers and
 * notifications are written and before its audit record is: with {@link JdbcTransactions} the
 * database holds none of it, as if the change had never started.
 */
class OneTransactionIT {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName("a process dying before a submission's audit append leaves no timer, message or row")
  void submission(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      EngineWorld world = new EngineWorld();
      DyingAudit audit = new DyingAudit(db);
      JitEngine engine = engine(world, db, audit);

      audit.dieAtNextAppend = true;
      assertThatThrownBy(() -> engine.handle(world.submitProd())).isInstanceOf(Died.class);

      assertThat(contents(db)).as("timers, outbox, requests, audit").isEqualTo(List.of());
      assertThat(world.notifier.all()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  @DisplayName(
      "a process dying before the approval's audit append keeps the request, its timers and"
          + " messages as they were")
  void approval(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      EngineWorld world = new EngineWorld();
      DyingAudit audit = new DyingAudit(db);
      JitEngine engine = engine(world, db, audit);
      RequestId id = engine.handle(world.submitProd()).requireRequest().id();
      engine.handle(new Command.Approve(id, EngineWorld.OWNER1, world.key()));
      List<String> before = contents(db);
      int delivered = world.notifier.all().size();

      audit.dieAtNextAppend = true;
      assertThatThrownBy(
              () -> engine.handle(new Command.Approve(id, EngineWorld.OWNER2, world.key())))
          .isInstanceOf(Died.class);

      assertThat(contents(db)).isEqualTo(before);
      assertThat(world.notifier.all()).hasSize(delivered);
      assertThat(engine.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
      assertThat(AuditVerifier.verify(new JdbcAuditLog(db.dataSource())).intact()).isTrue();
    }
  }

  private static JitEngine engine(EngineWorld world, TestDatabase db, DyingAudit audit) {
    JdbcTransactions tx = audit.transactions;
    return world
        .parts(new JdbcRequestStore(tx.dataSource()), audit)
        .scheduler(new JdbcScheduler(tx.dataSource(), world.clock))
        .outbox(new JdbcOutbox(tx.dataSource()))
        .transactions(tx)
        .backend(world.okta)
        .backend(world.db)
        .backend(world.k8s)
        .build();
  }

  /** Every timer, waiting message, request row and audit record, one line each. */
  private static List<String> contents(TestDatabase db) {
    List<String> out = new ArrayList<>();
    query(db, "SELECT task_instance, execution_time FROM scheduled_tasks ORDER BY 1", out);
    query(db, "SELECT msg_key, not_before FROM jit_outbox ORDER BY 1", out);
    query(db, "SELECT id, version, status FROM jit_request ORDER BY 1", out);
    query(db, "SELECT sequence, hash FROM jit_audit ORDER BY 1", out);
    return out;
  }

  private static void query(TestDatabase db, String sql, List<String> out) {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder line = new StringBuilder(sql.substring(sql.indexOf("FROM ") + 5));
        for (int i = 1; i <= columns; i++) {
          line.append(' ').append(rs.getString(i));
        }
        out.add(line.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDBC audit log whose process dies, when told to, just before an append. */
  private static final class DyingAudit extends ForwardingAuditLog {
    final JdbcTransactions transactions;
    volatile boolean dieAtNextAppend;

    DyingAudit(TestDatabase db) {
      this(new JdbcTransactions(db.dataSource()));
    }

    private DyingAudit(JdbcTransactions transactions) {
      super(new JdbcAuditLog(transactions.dataSource()));
      this.transactions = transactions;
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
      if (dieAtNextAppend) {
        throw new Died();
      }
      return super.append(entry);
    }
  }
}
