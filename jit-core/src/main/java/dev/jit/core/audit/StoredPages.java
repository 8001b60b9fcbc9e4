package dev.jit.core.audit;

import dev.jit.spi.AuditLog;
import dev.jit.spi.JitException;
import dev.jit.spi.StoredRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A log's stored records page by page from the first, the next {@code ahead} pages read on threads
 * of their own while the verifier checks the current one: reading a database (and decoding what it
 * sent) and checking it overlap instead of taking turns. Page k starts at sequence 1 + (k - 1) ×
 * size: a verifier only goes on past a page when it held size records numbered without a gap from
 * where it started, so that is where it would have read the next one from anyway; a page read ahead
 * that it never goes on to is dropped, and so is its failure.
 */
final class StoredPages implements AutoCloseable {
  private final AuditLog log;
  private final int size;
  private final ExecutorService reader;
  private final Deque<Future<List<StoredRecord>>> pages = new ArrayDeque<>();
  private long from = 1;
  private boolean ended;

  StoredPages(AuditLog log, int size, int ahead) {
    this.log = log;
    this.size = size;
    this.reader =
        Executors.newFixedThreadPool(
            ahead,
            r -> {
              Thread t = new Thread(r, "audit-verify-reader");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < ahead; i++) {
      readAhead();
    }
  }

  private void readAhead() {
    long start = from;
    pages.add(reader.submit(() -> log.readStored(start, size)));
    from += size;
  }

  /** The next page: {@code size} records, fewer (or none) at the end of the log. */
  List<StoredRecord> next() {
    if (ended) {
      return List.of();
    }
    List<StoredRecord> page = await(pages.poll());
    if (page.size() >= size) {
      readAhead();
    } else {
      ended = true;
    }
    return page;
  }

  private static List<StoredRecord> await(Future<List<StoredRecord>> page) {
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

  /** Stops reading ahead; pages being read are left to finish on their daemon threads. */
  @Override
  public void close() {
    reader.shutdownNow();
  }
}
