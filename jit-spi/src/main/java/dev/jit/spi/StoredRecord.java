package dev.jit.spi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An {@link AuditRecord} as its log keeps it: the record, the UTF-8 bytes of the canonical text it
 * was read from (what its hash covers, byte for byte), and what the log found wrong with how it is
 * kept ({@code ""} if nothing): a database row whose columns say something else than its hashed
 * text, say. A verifier hashes {@code canonical} instead of encoding the record again. The array is
 * the log's, not a copy: nobody changes it.
 */
public record StoredRecord(AuditRecord record, byte[] canonical, String inconsistency) {
  public StoredRecord {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(canonical, "canonical");
    Objects.requireNonNull(inconsistency, "inconsistency");
  }

  /** A record held as an object: its canonical form is its encoding. */
  public static StoredRecord of(AuditRecord record) {
    return new StoredRecord(
        record, AuditChain.canonical(record).getBytes(StandardCharsets.UTF_8), "");
  }
}
