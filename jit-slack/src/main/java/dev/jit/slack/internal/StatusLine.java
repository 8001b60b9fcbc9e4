package dev.jit.slack.internal;

import dev.jit.slack.Mrkdwn;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.UserId;
import java.util.Optional;

/**
 * One mrkdwn line saying where a request stands, for messages whose buttons are gone. A person's
 * reason (a denial's, a revocation's) is shown; a backend's error never is (it may hold SQL, ARNs
 * or other internals, and the approval channel is read by more people than the admins): a failed
 * grant or revocation names the request id, under which admins find the error in the logs and the
 * audit trail.
 */
public final class StatusLine {
  /** Room left for the reason inside a section text. */
  private static final int REASON_MAX = 2000;

  private StatusLine() {}

  public static String of(AccessRequest r) {
    return switch (r.status()) {
      case PENDING -> ":hourglass: Waiting for approval: " + Fmt.quorum(r) + ".";
      case APPROVED -> ":white_check_mark: Approved. Granting access…";
      case ACTIVE -> ":unlock: Access active" + until(r) + ".";
      case GRANT_FAILED -> ":warning: The grant failed" + lookUp(r) + " Rolling back.";
      case ROLLBACK_FAILING ->
          ":rotating_light: Rolling back the failed grant keeps failing ("
              + attempts(r)
              + ")"
              + lookUp(r)
              + " Escalated to the admins.";
      case REVOKING -> ":lock: Removing access" + by(r) + "…";
      case REVOCATION_FAILING ->
          ":rotating_light: Removing access keeps failing ("
              + attempts(r)
              + ")"
              + lookUp(r)
              + " Escalated to the admins.";
      case DENIED -> ":no_entry: Denied" + by(r) + reason(r);
      case TIMED_OUT ->
          ":hourglass_flowing_sand: Timed out: nobody decided before "
              + Fmt.date(r.approvalDeadline())
              + ".";
      case CANCELLED -> ":heavy_multiplication_x: Cancelled" + by(r) + ".";
      case ROLLED_BACK ->
          ":leftwards_arrow_with_hook: The grant failed and was rolled back" + lookUp(r);
      case REVOKED -> ":lock: Revoked" + by(r) + reason(r);
      case EXPIRED -> ":lock: Expired" + r.expiresAt().map(t -> " " + Fmt.date(t)).orElse("") + ".";
    };
  }

  private static String until(AccessRequest r) {
    return r.expiresAt().map(t -> " until " + Fmt.date(t)).orElse("");
  }

  private static String by(AccessRequest r) {
    Optional<UserId> who = r.decidedBy();
    return who.map(u -> " by " + Mrkdwn.mention(u)).orElse("");
  }

  private static String attempts(AccessRequest r) {
    return r.attempts() == 1 ? "1 attempt" : r.attempts() + " attempts";
  }

  /** Where the backend's error is, instead of the error itself. */
  private static String lookUp(AccessRequest r) {
    return ": admins find the details under request " + Fmt.code(r.id()) + ".";
  }

  /** {@code : reason.} with the reason escaped, or {@code .} when there is none. */
  private static String reason(AccessRequest r) {
    if (r.reason().isBlank()) {
      return ".";
    }
    String text = Mrkdwn.escape(r.reason().strip(), REASON_MAX);
    return ": " + text + (text.matches("(?s).*[.!?…]$") ? "" : ".");
  }
}
