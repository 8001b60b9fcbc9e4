package dev.jit.core.memory;

import static dev.jit.testkit.SampleRequests.entry;
import static dev.jit.testkit.SampleRequests.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.testkit.AuditLogContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryAuditLogTest extends AuditLogContract {

  @Override
  protected AuditLog createLog() {
    return new InMemoryAuditLog();
  }

  private InMemoryAuditLog memoryLog() {
    return (InMemoryAuditLog) log;
  }

  @Test
  @DisplayName("tampering replaces the stored record, and its hash no longer matches")
  void tamper() {
    log.append(entry(id(1), 1));
    log.append(entry(id(1), 2));

    memoryLog()
        .tamperForTesting(
            1,
            r -> {
              AuditEntry e = r.entry();
              return new AuditRecord(
                  r.sequence(),
                  new AuditEntry(e.at(), e.action(), "U-MALLORY", e.detail(), e.request()),
                  r.previousHash(),
                  r.hash());
            });

    AuditRecord tampered = log.read(1, 1).get(0);
    assertThat(tampered.entry().actor()).isEqualTo("U-MALLORY");
    assertThat(tampered.hash()).isNotEqualTo(AuditChain.hash(tampered));
    assertThat(log.forRequest(id(1), 0)).first().isEqualTo(tampered);
    assertThat(memoryLog().size()).isEqualTo(2);
  }

  @Test
  @DisplayName("tampering with a record that does not exist fails")
  void tamperMissing() {
    assertThatThrownBy(() -> memoryLog().tamperForTesting(1, r -> r))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("reading from sequence 0 starts at the first record")
  void readFromZero() {
    log.append(entry(id(1), 1));

    assertThat(log.read(0, 10)).hasSize(1);
  }
}
