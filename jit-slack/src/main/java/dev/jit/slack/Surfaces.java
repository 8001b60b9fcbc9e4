package dev.jit.slack;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.Notification;

/**
 * The message for each {@link dev.jit.spi.NotificationKind}. Kinds about the approval itself
 * (PENDING, APPROVAL_RECORDED, APPROVED, CANCELLED) render the {@link ApprovalMessage} as it now
 * stands, for posting or updating in place; the others render the direct message for their
 * audience.
 */
public final class Surfaces {
  private Surfaces() {}

  /** {@link #forNotification(Notification, ResourceDisplay)} without descriptions. */
  public static SlackMessage forNotification(Notification n) {
    return forNotification(n, ResourceDisplay.none());
  }

  public static SlackMessage forNotification(Notification n, ResourceDisplay display) {
    AccessRequest r = n.request();
    return switch (n.kind()) {
      case PENDING, APPROVAL_RECORDED, APPROVED, CANCELLED -> ApprovalMessage.message(r, display);
      case GRANTED -> RequesterMessages.granted(r);
      case DENIED -> RequesterMessages.denied(r, n.detail());
      case TIMED_OUT -> RequesterMessages.timedOut(r);
      case EXPIRING_SOON -> RequesterMessages.expiringSoon(r, display.extendable());
      case REVOKED -> RequesterMessages.revoked(r);
      case EXPIRED -> RequesterMessages.expired(r);
      case FAILED -> RequesterMessages.failed(r, n.detail());
      case ROLLED_BACK -> RequesterMessages.rolledBack(r);
      case NUDGE -> ApproverMessages.nudge(r);
      case ESCALATION -> Escalations.message(r, n.detail());
      case BREAK_GLASS -> BreakGlassMessages.announced(r);
      case BREAK_GLASS_REVIEW_DUE -> BreakGlassMessages.reviewDue(r);
      case BREAK_GLASS_REVIEW_OVERDUE -> BreakGlassMessages.reviewOverdue(r);
      case BREAK_GLASS_REVIEWED -> BreakGlassMessages.reviewed(r, n.detail(), false);
      case BREAK_GLASS_NOT_JUSTIFIED -> BreakGlassMessages.reviewed(r, n.detail(), true);
      case EXTENSION_REQUESTED -> ExtensionMessages.requested(r);
      case EXTENSION_APPROVAL_RECORDED -> ExtensionMessages.approvalRecorded(r);
      case EXTENDED -> ExtensionMessages.extended(r);
      case EXTENSION_DENIED -> ExtensionMessages.denied(r, n.detail());
    };
  }
}
