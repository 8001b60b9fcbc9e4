package dev.jit.testkit;

import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.entry;
import static dev.jit.testkit.SampleRequests.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.StaleVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AuditLog}. Subclass it and implement {@link #createLog()} to run it
 * against an implementation.
 */
public abstract class AuditLogContract {

  /** A new, empty log; called before every test. */
  protected abstract AuditLog createLog();

  protected AuditLog log;

  @BeforeEach
  void createLogUnderTest() {
    log = createLog();
  }

  /** Every record of the log, read in pages of {@code page}. */
  private List<AuditRecord> readAll(int page) {
    List<AuditRecord> all = new ArrayList<>();
    long from = 1;
    while (true) {
      List<AuditRecord> batch = log.read(from, page);
      assertThat(batch).hasSizeLessThanOrEqualTo(page);
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      from = batch.get(batch.size() - 1).sequence() + 1;
    }
  }

  /** Asserts sequences 1..n without gaps, every hash correct and every link to the one before. */
  private static void assertStraightChain(List<AuditRecord> records) {
    String previous = AuditChain.GENESIS;
    for (int i = 0; i < records.size(); i++) {
      AuditRecord r = records.get(i);
      assertThat(r.sequence()).as("sequence of record %d", i + 1).isEqualTo(i + 1L);
      assertThat(r.previousHash())
          .as("previousHash of record %d", r.sequence())
          .isEqualTo(previous);
      assertThat(r.hash()).as("hash of record %d", r.sequence()).isEqualTo(AuditChain.hash(r));
      previous = r.hash();
    }
  }

  @Nested
  @DisplayName("chaining")
  class Chaining {

    @Test
    @DisplayName("the first record has sequence 1 and links to the genesis hash")
    void first() {
      AuditRecord first = log.append(entry(id(1), 1));

      assertThat(first.sequence()).isEqualTo(1);
      assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
    }

    @Test
    @DisplayName("each record's hash is the hash of its canonical form")
    void hashes() {
      AuditRecord first = log.append(entry(id(1), 1));
      AuditRecord second = log.append(entry(id(1), 2));

      assertThat(first.hash()).isEqualTo(AuditChain.hash(first)).hasSize(64);
      assertThat(second.hash()).isEqualTo(AuditChain.hash(second));
    }

    @Test
    @DisplayName("each record links to the hash of the record before it")
    void links() {
      for (int v = 1; v <= 5; v++) {
        log.append(entry(id(1), v));
        log.append(entry(id(2), v));
      }

      List<AuditRecord> all = log.read(1, 100);
      assertThat(all).hasSize(10);
      assertStraightChain(all);
    }

    @Test
    @DisplayName("append returns the record as stored")
    void appendReturnsStored() {
      AuditRecord appended = log.append(entry(id(1), 1));

      assertThat(log.read(1, 10)).containsExactly(appended);
    }
  }

  @Nested
  @DisplayName("reading")
  class Reading {

    @Test
    @DisplayName("an empty log reads nothing")
    void empty() {
      assertThat(log.read(1, 10)).isEmpty();
      assertThat(log.forRequest(id(1), 0)).isEmpty();
    }

    @Test
    @DisplayName("latest is the record with the highest sequence, empty for an empty log")
    void latest() {
      assertThat(log.latest()).isEmpty();
      for (int v = 1; v <= 7; v++) {
        log.append(entry(id(1), v));
      }
      AuditRecord last = log.append(entry(id(2), 1));

      assertThat(log.latest()).contains(last);
    }

    @Test
    @DisplayName("read returns at most limit records from a sequence on, in order")
    void fromAndLimit() {
      for (int v = 1; v <= 10; v++) {
        log.append(entry(id(1), v));
      }

      assertThat(log.read(4, 3)).extracting(AuditRecord::sequence).containsExactly(4L, 5L, 6L);
      assertThat(log.read(9, 5)).extracting(AuditRecord::sequence).containsExactly(9L, 10L);
      assertThat(log.read(11, 5)).isEmpty();
    }

    @Test
    @DisplayName("paging through the log visits every record once")
    void paging() {
      for (int v = 1; v <= 23; v++) {
        log.append(entry(id(v % 3), v));
      }

      List<AuditRecord> all = readAll(5);
      assertThat(all).hasSize(23);
      assertStraightChain(all);
    }

    @Test
    @DisplayName("forRequest returns that request's records after the version, in order")
    void forRequest() {
      for (int v = 1; v <= 4; v++) {
        log.append(entry(id(1), v));
        log.append(entry(id(2), v));
      }

      List<AuditRecord> records = log.forRequest(id(1), 1);

      assertThat(records).extracting(r -> r.entry().request().id()).containsOnly(id(1)).hasSize(3);
      assertThat(records)
          .extracting(r -> r.entry().request().version())
          .containsExactly(2L, 3L, 4L);
      assertThat(records).extracting(AuditRecord::sequence).isSorted();
      assertThat(log.forRequest(id(1), 0)).hasSize(4);
      assertThat(log.forRequest(id(1), 4)).isEmpty();
      assertThat(log.forRequest(id(3), 0)).isEmpty();
    }

    @Test
    @DisplayName("forRequest returns the same records as read")
    void forRequestMatchesRead() {
      for (int v = 1; v <= 3; v++) {
        log.append(entry(id(1), v));
        log.append(entry(id(2), v));
      }

      List<AuditRecord> expected =
          log.read(1, 100).stream().filter(r -> r.entry().request().id().equals(id(2))).toList();
      assertThat(log.forRequest(id(2), 0)).containsExactlyElementsOf(expected);
    }
  }

  @Nested
  @DisplayName("one entry per request version")
  class Uniqueness {

    @Test
    @DisplayName("a second entry for the same request version fails and appends nothing")
    void duplicateVersion() {
      log.append(entry(id(1), 1));
      AuditRecord second = log.append(entry(id(1), 2));
      AuditEntry rival =
          new AuditEntry(T0, "request_cancelled", "U0G9QF9C6", "rival", entry(id(1), 2).request());

      assertThatThrownBy(() -> log.append(rival)).isInstanceOf(StaleVersionException.class);
      assertThat(log.read(1, 100)).hasSize(2).last().isEqualTo(second);
      assertThat(log.forRequest(id(1), 1)).containsExactly(second);
    }

    @Test
    @DisplayName("after a refused entry the next append continues the chain without a gap")
    void noGapAfterRefusal() {
      log.append(entry(id(1), 1));
      assertThatThrownBy(() -> log.append(entry(id(1), 1)))
          .isInstanceOf(StaleVersionException.class);

      AuditRecord next = log.append(entry(id(2), 1));

      assertThat(next.sequence()).isEqualTo(2);
      assertStraightChain(log.read(1, 10));
    }

    @Test
    @DisplayName("the same version of different requests is no conflict")
    void sameVersionOtherRequest() {
      log.append(entry(id(1), 1));
      log.append(entry(id(2), 1));

      assertThat(log.read(1, 10)).hasSize(2);
    }

    @Test
    @DisplayName("of many threads appending the same request version, exactly one succeeds")
    void racingSameVersion() throws Exception {
      int threads = 12;
      List<Optional<AuditRecord>> outcomes =
          Race.run(
              threads,
              i ->
                  () -> {
                    AccessRequest r = entry(id(1), 1).request();
                    try {
                      return Optional.of(
                          log.append(new AuditEntry(T0, "submitted", "system", "t" + i, r)));
                    } catch (StaleVersionException e) {
                      return Optional.<AuditRecord>empty();
                    }
                  });

      assertThat(outcomes.stream().filter(Optional::isPresent)).hasSize(1);
      assertThat(log.read(1, 100)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {

    @Test
    @DisplayName("concurrent appends form one straight chain without gaps")
    void straightChain() throws Exception {
      int threads = 8;
      int perThread = 200;
      Race.run(
          threads,
          t ->
              () -> {
                for (int v = 1; v <= perThread; v++) {
                  log.append(entry(id(t), v));
                }
                return null;
              });

      List<AuditRecord> all = readAll(500);
      assertThat(all).hasSize(threads * perThread);
      assertStraightChain(all);
      for (int t = 0; t < threads; t++) {
        assertThat(log.forRequest(id(t), 0))
            .extracting(r -> r.entry().request().version())
            .as("versions of request %d", t)
            .isSorted()
            .hasSize(perThread)
            .doesNotHaveDuplicates();
      }
    }
  }

  @Nested
  @DisplayName("round trip")
  class RoundTrip {

    @Test
    @DisplayName("a break-glass review and a pending extension round-trip with their hash")
    void breakGlassAndExtension() {
      AccessRequest full = SampleRequests.breakGlassExtended(id(1), T0);
      AuditEntry entry = new AuditEntry(T0, "break_glass_reviewed", "U0G9QF9C6", "", full);

      AuditRecord appended = log.append(entry);

      AuditRecord read = log.read(1, 1).get(0);
      assertThat(read).isEqualTo(appended);
      assertThat(dev.jit.spi.AuditChain.hash(read)).isEqualTo(appended.hash());
    }

    @Test
    @DisplayName("every field of an entry round-trips, including the whole request")
    void everyField() {
      AccessRequest full = SampleRequests.fullyPopulated(id(1), T0);
      AuditEntry entry =
          new AuditEntry(
              T0.plusNanos(123_456_789),
              "step_granted",
              "U024BE7LH",
              "Grund: \"Störung\"\n日本語 \uD83D\uDD25",
              full);

      AuditRecord appended = log.append(entry);

      assertThat(appended.entry()).isEqualTo(entry);
      AuditRecord read = log.read(1, 1).get(0);
      assertThat(read).isEqualTo(appended);
      assertThat(read.entry()).usingRecursiveComparison().isEqualTo(entry);
      assertThat(log.forRequest(id(1), 0)).containsExactly(appended);
    }
  }
}
