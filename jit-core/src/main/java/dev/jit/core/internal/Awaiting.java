package dev.jit.core.internal;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.GroupId;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an owner has to decide besides pending requests: extensions of active access waiting for
 * their approval, and break-glass uses waiting for their review. Reviews may wait on requests that
 * already ended, so those are looked for in the ended states too, within a bounded number of pages.
 */
public final class Awaiting {
  private static final int PAGE = 500;
  private static final int MAX_PAGES = 20;
  private static final Set<RequestStatus> MAY_AWAIT_REVIEW =
      EnumSet.complementOf(
          EnumSet.of(
              RequestStatus.PENDING,
              RequestStatus.DENIED,
              RequestStatus.TIMED_OUT,
              RequestStatus.CANCELLED));

  private final RequestStore store;
  private final People people;

  public Awaiting(RequestStore store, People people) {
    this.store = store;
    this.people = people;
  }

  /**
   * Pending requests {@code approver} may approve and has not approved yet, oldest first. Reads
   * every pending request: for one person's view at a time.
   */
  public List<AccessRequest> approvalsOf(UserId approver, int limit) {
    List<AccessRequest> out = new ArrayList<>();
    Optional<RequestId> after = Optional.empty();
    while (out.size() < limit) {
      List<AccessRequest> page = store.findByStatus(EnumSet.of(RequestStatus.PENDING), after, PAGE);
      for (AccessRequest r : page) {
        if (out.size() < limit
            && !r.requester().equals(approver)
            && !r.approvers().contains(approver)
            && mayApprove(r, approver)) {
          out.add(r);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    out.sort(Comparator.comparing(AccessRequest::createdAt));
    return out;
  }

  /** Owners approve ordinary requests; the on-call group approves break-glass. */
  private boolean mayApprove(AccessRequest r, UserId approver) {
    Optional<GroupId> onCall = r.breakGlass().flatMap(BreakGlass::onCall);
    if (r.isBreakGlass()) {
      return onCall.isPresent() && people.inAny(Set.of(onCall.get()), approver);
    }
    return people.isEligible(approver, people.approversOf(r));
  }

  /**
   * Extensions {@code owner} may approve and has not, then reviews they may record, oldest first.
   */
  public List<AccessRequest> decisionsOf(UserId owner, int limit) {
    List<AccessRequest> out = new ArrayList<>();
    collect(EnumSet.of(RequestStatus.ACTIVE), r -> extensionFor(r, owner), limit, out);
    collect(MAY_AWAIT_REVIEW, r -> reviewFor(r, owner), limit, out);
    out.sort(Comparator.comparing(AccessRequest::createdAt));
    return out;
  }

  private boolean extensionFor(AccessRequest r, UserId owner) {
    return r.extension().isPresent()
        && !r.extension().get().approvers().contains(owner)
        && mayDecide(r, owner);
  }

  private boolean reviewFor(AccessRequest r, UserId owner) {
    return r.breakGlass().map(BreakGlass::awaitsReview).orElse(false) && mayDecide(r, owner);
  }

  private boolean mayDecide(AccessRequest r, UserId owner) {
    return !r.requester().equals(owner) && people.isEligible(owner, people.approversOf(r));
  }

  private void collect(
      Set<RequestStatus> statuses,
      Predicate<AccessRequest> wanted,
      int limit,
      List<AccessRequest> out) {
    Optional<RequestId> after = Optional.empty();
    for (int pages = 0; pages < MAX_PAGES && out.size() < limit; pages++) {
      List<AccessRequest> page = store.findByStatus(statuses, after, PAGE);
      for (AccessRequest r : page) {
        if (out.size() < limit && !out.contains(r) && wanted.test(r)) {
          out.add(r);
        }
      }
      if (page.size() < PAGE) {
        return;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
  }
}
