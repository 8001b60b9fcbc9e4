package dev.jit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A pending request for more time on active access: how much more, and the approvals it has. It
 * goes through the resource's extension quorum, counted like the grant's (distinct, active owners,
 * never the holder); until it is approved the original expiry stands.
 *
 * @param by how much later access should end
 * @param askedAt when the holder asked
 * @param deadline when the extension lapses if not decided (never after the current expiry)
 * @param requiredApprovals distinct approvals needed, fixed when asked
 * @param approvals the approvals that count, oldest first
 */
public record Extension(
    Duration by,
    Instant askedAt,
    Instant deadline,
    int requiredApprovals,
    List<Approval> approvals) {
  public Extension {
    Objects.requireNonNull(by, "by");
    if (by.isNegative() || by.isZero()) {
      throw new IllegalArgumentException("an extension must be positive");
    }
    Objects.requireNonNull(askedAt, "askedAt");
    Objects.requireNonNull(deadline, "deadline");
    if (requiredApprovals < 1) {
      throw new IllegalArgumentException("an extension needs at least one approval");
    }
    approvals = List.copyOf(approvals);
  }

  /** The distinct people who approved it. */
  public Set<UserId> approvers() {
    return approvals.stream()
        .map(Approval::approver)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  public Extension withApprovals(List<Approval> counting) {
    return new Extension(by, askedAt, deadline, requiredApprovals, counting);
  }
}
