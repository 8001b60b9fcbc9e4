package dev.jit.spi;

/** The events the engine tells people about. */
public enum NotificationKind {
  /** A new request waits for approvals (to the approvers). */
  PENDING,
  /** An approval was counted and more are needed. */
  APPROVAL_RECORDED,
  /** Quorum reached; granting. */
  APPROVED,
  DENIED,
  TIMED_OUT,
  CANCELLED,
  /** Access is in place until the expiry (to the requester). */
  GRANTED,
  /** Access ends soon (to the requester). */
  EXPIRING_SOON,
  /** Access was removed early. */
  REVOKED,
  /** Access was removed at expiry. */
  EXPIRED,
  /** The grant failed and is being rolled back (to the requester, with the reason). */
  FAILED,
  /** Everything a failed grant may have applied is removed. */
  ROLLED_BACK,
  /** A pending request is getting stale (to approvers who have not voted). */
  NUDGE,
  /** A rollback or revocation keeps failing: a human must look (to admins and owners). */
  ESCALATION,
  /**
   * Break-glass was invoked (to the owners and the security channel, loudly, with the incident);
   * with an on-call approval required, also to the on-call group.
   */
  BREAK_GLASS,
  /** Break-glass access is in place: the review is due (to the owners). */
  BREAK_GLASS_REVIEW_DUE,
  /** Nobody reviewed a break-glass use in time; repeated until someone does (to owners, admins). */
  BREAK_GLASS_REVIEW_OVERDUE,
  /** An owner reviewed a break-glass use (to the security channel). */
  BREAK_GLASS_REVIEWED,
  /** An owner found a break-glass use not justified (to the admins and the security channel). */
  BREAK_GLASS_NOT_JUSTIFIED,
  /** The holder of active access asks for more time (to the approvers). */
  EXTENSION_REQUESTED,
  /** An extension approval was counted and more are needed (to the holder). */
  EXTENSION_APPROVAL_RECORDED,
  /** The extension was approved: access now ends later (to the holder). */
  EXTENDED,
  /** The extension was denied, or lapsed undecided: the original expiry stands (to the holder). */
  EXTENSION_DENIED
}
