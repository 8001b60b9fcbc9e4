package dev.jit.benchmarks.durable;

import dev.jit.core.JitEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * What one durable transition costs the database, counted through a proxy of the pool: statement
 * executions and commits (round trips), transactions (each auto-commit statement is one, read-only
 * ones included) and write commits, over 200 lifecycles on one thread after 20 of warm-up, the
 * scheduler not started. {@code -Djit.perf.transactions=false} counts each write committing alone.
 */
public final class CountTrips {
  private CountTrips() {}

  static final LongAdder trips = new LongAdder();
  static final LongAdder commits = new LongAdder();
  static final LongAdder writes = new LongAdder();

  public static void main(String[] args) throws Exception {
    try (ScratchDb db = new ScratchDb("transitions", 6)) {
      DurableWorld world = DurableWorld.noop(db, counting(db.pool), 2000);
      JitEngine engine = world.engine();
      AtomicInteger users = new AtomicInteger();
      for (int i = 0; i < 20; i++)
        DurableWorld.lifecycle(engine, DurableWorld.user(users.getAndIncrement()));
      long h0 = db.count("SELECT sequence FROM jit_audit_head WHERE id = 1");
      trips.reset();
      commits.reset();
      writes.reset();
      for (int i = 0; i < 200; i++)
        DurableWorld.lifecycle(engine, DurableWorld.user(users.getAndIncrement()));
      long h1 = db.count("SELECT sequence FROM jit_audit_head WHERE id = 1");
      double n = h1 - h0;
      System.out.printf(
          "transactions=%s transitions=%d round trips/transition=%.1f transactions (commits incl. read-only)/transition=%.1f, write commits/transition=%.1f%n",
          System.getProperty("jit.perf.transactions", "true"),
          (long) n,
          trips.sum() / n,
          commits.sum() / n,
          writes.sum() / n);
    }
  }

  static DataSource counting(DataSource ds) {
    return (DataSource)
        Proxy.newProxyInstance(
            CountTrips.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (p, m, a) -> {
              Object r = call(ds, m, a);
              return m.getName().equals("getConnection") ? connection((Connection) r) : r;
            });
  }

  static Connection connection(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            CountTrips.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (p, m, a) -> {
              if (m.getName().equals("commit")) {
                trips.increment();
                commits.increment();
                writes.increment();
              }
              if (m.getName().equals("rollback") && a == null) trips.increment();
              Object r = call(c, m, a);
              if (r instanceof Statement s) {
                Class<?> iface =
                    m.getName().equals("prepareStatement")
                        ? java.sql.PreparedStatement.class
                        : Statement.class;
                return Proxy.newProxyInstance(
                    CountTrips.class.getClassLoader(),
                    new Class<?>[] {iface},
                    (p2, m2, a2) -> {
                      if (m2.getName().startsWith("execute")) {
                        trips.increment();
                        String sql = a != null && a.length > 0 && a[0] instanceof String q ? q : "";
                        if (c.getAutoCommit()) {
                          commits.increment();
                          if (!sql.trim().toUpperCase().startsWith("SELECT")) writes.increment();
                        }
                      }
                      return call(s, m2, a2);
                    });
              }
              return r;
            });
  }

  static Object call(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
