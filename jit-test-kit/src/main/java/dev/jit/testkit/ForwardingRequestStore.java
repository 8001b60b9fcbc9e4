package dev.jit.testkit;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A store that hands every call to another one: tests override the calls they want to watch, hold
 * or kill, and keep the real behaviour of the rest.
 */
public class ForwardingRequestStore implements RequestStore {
  private final RequestStore delegate;

  public ForwardingRequestStore(RequestStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void save(AccessRequest request) {
    delegate.save(request);
  }

  @Override
  public Optional<AccessRequest> find(RequestId id) {
    return delegate.find(id);
  }

  @Override
  public List<AccessRequest> findByStatus(
      Set<RequestStatus> statuses, Optional<RequestId> after, int limit) {
    return delegate.findByStatus(statuses, after, limit);
  }

  @Override
  public List<AccessRequest> findDue(Instant at, int limit) {
    return delegate.findDue(at, limit);
  }

  @Override
  public List<AccessRequest> findByRequester(
      UserId requester, Set<RequestStatus> statuses, int limit) {
    return delegate.findByRequester(requester, statuses, limit);
  }
}
