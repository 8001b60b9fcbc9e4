package dev.jit.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.spi.StoredRecord;
import dev.jit.testkit.SampleRequests;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier reads the next page while it checks the current one: every record still counts, a
 * break on any page or at a page's edge is named, and a page that cannot be read fails the
 * verification as it did when pages were read in turn.
 */
class AuditVerifierPagesTest {
  /** {@code count} records: legal lives of five records, the last one cut short. */
  private static InMemoryAuditLog records(int count) {
    InMemoryAuditLog log = new InMemoryAuditLog();
    for (int i = 0; i * 5 < count; i++) {
      SampleRequests.history(new RequestId("r-" + i), Math.min(5, count - i * 5))
          .forEach(log::append);
    }
    return log;
  }

  @ParameterizedTest(name = "{0} records")
  @ValueSource(ints = {999, 1000, 1001, 2000, 2500})
  void everyRecordCounts(int records) {
    AuditVerifier.Result result = AuditVerifier.verify(records(records));
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.recordsChecked()).isEqualTo(records);
  }

  @ParameterizedTest(name = "record {0} altered")
  @ValueSource(longs = {1000, 1001, 1500, 2000, 2001, 2500})
  void breakOnAnyPageNamed(long altered) {
    InMemoryAuditLog log = records(2500);
    log.tamperForTesting(
        altered,
        r -> {
          AuditEntry e = r.entry();
          return new AuditRecord(
              r.sequence(),
              new AuditEntry(e.at(), e.action(), "UMALLORY", e.detail(), e.request()),
              r.previousHash(),
              r.hash());
        });
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).contains(altered);
    assertThat(result.recordsChecked()).isEqualTo(altered - 1);
  }

  @ParameterizedTest(name = "page from {0} fails")
  @ValueSource(longs = {1, 1001, 2001})
  void unreadablePageFailsVerification(long failing) {
    JitException down = new JitException("the database is down");
    AuditLog log =
        new Delegate(records(2500)) {
          @Override
          public List<StoredRecord> readStored(long fromSequence, int limit) {
            if (fromSequence == failing) {
              throw down;
            }
            return super.readStored(fromSequence, limit);
          }
        };
    assertThatThrownBy(() -> AuditVerifier.verify(log)).isSameAs(down);
  }

  /** A log that passes everything on to another. */
  private static class Delegate implements AuditLog {
    private final AuditLog log;

    Delegate(AuditLog log) {
      this.log = log;
    }

    @Override
    public List<StoredRecord> readStored(long fromSequence, int limit) {
      return log.readStored(fromSequence, limit);
    }

    @Override
    public List<AuditRecord> read(long fromSequence, int limit) {
      return log.read(fromSequence, limit);
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
      return log.append(entry);
    }

    @Override
    public List<AuditRecord> forRequest(RequestId id, long afterVersion) {
      return log.forRequest(id, afterVersion);
    }
  }
}
