package dev.jit.jdbc;

import dev.jit.spi.AuditLog;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.Outbox;
import dev.jit.spi.RequestStore;
import dev.jit.spi.Scheduler;
import dev.jit.testkit.AuditLogContract;
import dev.jit.testkit.MessageRefStoreContract;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.OutboxContract;
import dev.jit.testkit.RequestStoreContract;
import dev.jit.testkit.SchedulerContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Runs the SPI contracts of jit-test-kit against the JDBC implementations on one dialect; one
 * subclass per database. Every contract test gets a fresh schema.
 */
abstract class JdbcContracts {
  private final List<TestDatabase> databases = new ArrayList<>();

  abstract Dialect dialect();

  TestDatabase fresh() {
    TestDatabase db = TestDatabase.create(dialect());
    databases.add(db);
    return db;
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
    databases.clear();
  }

  @Nested
  class Store extends RequestStoreContract {
    @Override
    protected RequestStore createStore() {
      TestDatabase db = fresh();
      return new JdbcRequestStore(db.dataSource(), db.dialect());
    }
  }

  @Nested
  class Audit extends AuditLogContract {
    @Override
    protected AuditLog createLog() {
      TestDatabase db = fresh();
      return new JdbcAuditLog(db.dataSource(), db.dialect());
    }
  }

  @Nested
  class Messages extends MessageRefStoreContract {
    @Override
    protected MessageRefStore createStore() {
      TestDatabase db = fresh();
      return new JdbcMessageRefStore(db.dataSource(), db.dialect());
    }
  }

  @Nested
  class Notifications extends OutboxContract {
    @Override
    protected Outbox createOutbox() {
      TestDatabase db = fresh();
      return new JdbcOutbox(db.dataSource());
    }
  }

  @Nested
  class Timers extends SchedulerContract {
    @Override
    protected Duration clockSlack() {
      return Duration.ofMinutes(1);
    }

    @Override
    protected Scheduler createScheduler(MutableClock clock) {
      TestDatabase db = fresh();
      return new JdbcScheduler(
          db.dataSource(),
          new RunningClock(clock),
          Duration.ofMillis(50),
          Duration.ofSeconds(1),
          4);
    }
  }
}
