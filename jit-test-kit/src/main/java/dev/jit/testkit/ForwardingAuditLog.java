package dev.jit.testkit;

import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.StoredRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An audit log that hands every call to another one: tests override the calls they want to fail or
 * kill, and keep the real behaviour of the rest.
 */
public class ForwardingAuditLog implements AuditLog {
  private final AuditLog delegate;

  public ForwardingAuditLog(AuditLog delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public AuditRecord append(AuditEntry entry) {
    return delegate.append(entry);
  }

  @Override
  public List<AuditRecord> read(long fromSequence, int limit) {
    return delegate.read(fromSequence, limit);
  }

  @Override
  public List<StoredRecord> readStored(long fromSequence, int limit) {
    return delegate.readStored(fromSequence, limit);
  }

  @Override
  public List<AuditRecord> forRequest(RequestId id, long afterVersion) {
    return delegate.forRequest(id, afterVersion);
  }

  @Override
  public Optional<AuditRecord> latest() {
    return delegate.latest();
  }
}
