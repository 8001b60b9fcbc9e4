package dev.jit.spi;

/**
 * Where a request is in its lifecycle. The legal moves between these are listed in one table in
 * jit-core ({@code dev.jit.core.Lifecycle}); this enum is the closed set of states that stores
 * persist and query.
 */
public enum RequestStatus {
  /** Waiting for approvals. */
  PENDING(false),
  /** Quorum reached; the grant steps are being applied. */
  APPROVED(false),
  /** Every grant step applied; access stands until {@code expiresAt}. */
  ACTIVE(false),
  /** A grant step failed for good: the steps that may have been applied are being rolled back. */
  GRANT_FAILED(false),
  /** Rolling back a failed grant keeps failing: an escalation went out and retries continue. */
  ROLLBACK_FAILING(false),
  /** Access is being removed (expiry or early revocation). */
  REVOKING(false),
  /** Removing access keeps failing: an escalation went out and retries continue. */
  REVOCATION_FAILING(false),
  /** An eligible approver denied the request. */
  DENIED(true),
  /** Nobody decided before the approval deadline, so the request was denied. */
  TIMED_OUT(true),
  /** The requester withdrew the request before it was decided. */
  CANCELLED(true),
  /** The grant failed and every step that may have been applied was undone. */
  ROLLED_BACK(true),
  /** Access was removed before it expired, by the requester or an admin. */
  REVOKED(true),
  /** Access was removed at expiry. */
  EXPIRED(true);

  private final boolean terminal;

  RequestStatus(boolean terminal) {
    this.terminal = terminal;
  }

  /** No further transition leaves a terminal state. */
  public boolean isTerminal() {
    return terminal;
  }

  /** States in which backend access may exist (granting, granted, or being removed). */
  public boolean mayHoldAccess() {
    return !terminal && this != PENDING;
  }
}
