package dev.jit.spi;

import java.util.function.Supplier;

/**
 * Makes the writes of one state change commit together: the timers it schedules and cancels, the
 * notifications it stages, its store row and its audit record — all or nothing, in one database
 * transaction (and one commit) when the adapters share a database. Without it each write commits on
 * its own, which the engine tolerates (a timer or message without its state change is harmless) but
 * which costs a commit per write.
 *
 * <p>Implementations are thread-safe; a transaction belongs to the thread that runs it, and a
 * nested call joins the transaction already running on that thread.
 */
public interface Transactions {

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws
   * (the exception passes through).
   */
  <T> T inTransaction(Supplier<T> work);

  /** Each write commits on its own: {@code work} just runs. */
  Transactions NONE =
      new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
          return work.get();
        }
      };
}
