package dev.jit.spi;

/** Why a timer exists; together with the request id it forms the {@link TimerKey}. */
public enum TimerKind {
  /** Deny the request if it is still pending. */
  APPROVAL_TIMEOUT,
  /** Remind approvers of a request that is still pending. */
  NUDGE,
  /** Roll back a grant whose engine stopped before finishing it. */
  GRANT_WATCHDOG,
  /** Tell the requester their access ends soon. */
  EXPIRY_WARNING,
  /** Remove access. */
  EXPIRY,
  /** Try a failed rollback or revocation again. */
  RETRY,
  /** Let a pending extension lapse if nobody decided it. */
  EXTENSION_TIMEOUT,
  /** Escalate a break-glass use nobody has reviewed; re-armed until someone does. */
  REVIEW_DUE
}
