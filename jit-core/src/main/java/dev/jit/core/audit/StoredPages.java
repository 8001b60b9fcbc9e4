package dev.jit.core.audit;

import dev.jit.spi.AuditLog;
import dev.jit.spi.JitException;
import dev.jit.spi.StoredRecord;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A log's stored records page by page from the first, each next page read on a thread of its own
 * while the verifier checks the current one: reading a database and checking what it sent then
 * overlap instead of taking turns. The next page starts after the last record of the current one; a
 * verifier only goes on to it when every record of the current page was in place, numbered as its
 * row, so that is where it would have read from.
 */
final class StoredPages implements AutoCloseable {
  private final AuditLog log;
  private final int size;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "audit-verify-reader");
            t.setDaemon(true);
            return t;
          });
  private Future<List<StoredRecord>> next;

  StoredPages(AuditLog log, int size) {
    this.log = log;
    this.size = size;
    this.next = reader.submit(() -> log.readStored(1, size));
  }

  /** The next page: {@code size} records, fewer at the end of the log. */
  List<StoredRecord> next() {
    List<StoredRecord> page = await(next);
    if (page.size() >= size) {
      long from = page.get(page.size() - 1).record().sequence() + 1;
      next = reader.submit(() -> log.readStored(from, size));
    } else {
      next = null;
    }
    return page;
  }

  private static List<StoredRecord> await(Future<List<StoredRecord>> page) {
    if (page == null) {
      return List.of();
    }
    try {
      return page.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new JitException("reading the audit log failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JitException("interrupted while reading the audit log", e);
    }
  }

  /** Stops reading ahead; a page being read is left to finish on its daemon thread. */
  @Override
  public void close() {
    reader.shutdownNow();
  }
}
