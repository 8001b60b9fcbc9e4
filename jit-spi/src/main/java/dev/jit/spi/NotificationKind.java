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
  ESCALATION
}
