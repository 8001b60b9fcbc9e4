package dev.jit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes a request emergency access: fixed from the role's break-glass policy when it is
 * invoked, then the mandatory review. A break-glass request skips the owners' quorum (or needs one
 * approval from {@code onCall}); an owner must afterwards mark it justified or not, by {@code
 * reviewDue}, and every {@code escalateEvery} past that without a review is escalated again.
 *
 * @param announceChannel the security channel told of the use, as the policy named it
 * @param onCall the group one of whose members must approve first; empty grants at once
 * @param reviewWithin how long after access is approved the review is due
 * @param escalateEvery how often a missed review is escalated again
 * @param reviewDue when the review is due; set when access is approved, empty before
 * @param review the review, once an owner recorded it
 * @param escalations how many times a missed review has been escalated so far
 */
public record BreakGlass(
    String announceChannel,
    Optional<GroupId> onCall,
    Duration reviewWithin,
    Duration escalateEvery,
    Optional<Instant> reviewDue,
    Optional<Review> review,
    int escalations) {

  /** An owner's verdict on one use of break-glass. */
  public enum Verdict {
    JUSTIFIED,
    NOT_JUSTIFIED
  }

  /** The review of a break-glass use: by whom, the verdict and why, and when. */
  public record Review(UserId reviewer, Verdict verdict, String comment, Instant at) {
    public Review {
      Objects.requireNonNull(reviewer, "reviewer");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(comment, "comment");
      Objects.requireNonNull(at, "at");
    }
  }

  public BreakGlass {
    Objects.requireNonNull(announceChannel, "announceChannel");
    Objects.requireNonNull(onCall, "onCall");
    positive(reviewWithin, "reviewWithin");
    positive(escalateEvery, "escalateEvery");
    Objects.requireNonNull(reviewDue, "reviewDue");
    Objects.requireNonNull(review, "review");
    if (escalations < 0) {
      throw new IllegalArgumentException("escalations must not be negative");
    }
  }

  /** A break-glass use just invoked: no review due yet, none recorded. */
  public static BreakGlass invoked(
      String announceChannel,
      Optional<GroupId> onCall,
      Duration reviewWithin,
      Duration escalateEvery) {
    return new BreakGlass(
        announceChannel,
        onCall,
        reviewWithin,
        escalateEvery,
        Optional.empty(),
        Optional.empty(),
        0);
  }

  /** Whether the review is due and not yet recorded. */
  public boolean awaitsReview() {
    return reviewDue.isPresent() && review.isEmpty();
  }

  /** When the next escalation of a missing review is due: the deadline, then every period. */
  public Optional<Instant> nextEscalation() {
    return awaitsReview()
        ? Optional.of(reviewDue.get().plus(escalateEvery.multipliedBy(escalations)))
        : Optional.empty();
  }

  public BreakGlass withReviewDue(Instant due) {
    return new BreakGlass(
        announceChannel,
        onCall,
        reviewWithin,
        escalateEvery,
        Optional.of(due),
        review,
        escalations);
  }

  public BreakGlass withReview(Review r) {
    return new BreakGlass(
        announceChannel,
        onCall,
        reviewWithin,
        escalateEvery,
        reviewDue,
        Optional.of(r),
        escalations);
  }

  public BreakGlass escalated() {
    return new BreakGlass(
        announceChannel, onCall, reviewWithin, escalateEvery, reviewDue, review, escalations + 1);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
