package dev.jit.spi;

import java.util.Objects;

/**
 * An {@link AuditEntry} as written: numbered and linked to the record before it. {@code hash} is
 * the SHA-256 of {@link AuditChain#canonical(AuditRecord)}, which covers every field but the hash
 * itself, including {@code previousHash}; changing, removing or reordering any record breaks the
 * chain from there on.
 */
public record AuditRecord(long sequence, AuditEntry entry, String previousHash, String hash) {
  public AuditRecord {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }
}
