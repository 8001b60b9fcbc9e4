package dev.jit.core;

/** Why a command was refused; user interfaces map these to the field or message to show. */
public enum Rejection {
  UNKNOWN_RESOURCE,
  UNKNOWN_ROLE,
  DURATION_NOT_ALLOWED,
  INVALID_JUSTIFICATION,
  INVALID_TICKET,
  NOT_ALLOWED_TO_REQUEST,
  MISSING_IDENTITY,
  ALREADY_OPEN,
  QUORUM_IMPOSSIBLE,
  UNKNOWN_REQUEST,
  SELF_APPROVAL,
  NOT_AN_APPROVER,
  INACTIVE_USER,
  ALREADY_APPROVED,
  NOT_PENDING,
  NOT_REQUESTER,
  NOT_ALLOWED_TO_REVOKE,
  NOT_ACTIVE,
  INVALID_REASON,
  /** A submission reused the idempotency key of another person's request. */
  KEY_IN_USE,
  /** Break-glass was asked for, or reviewed, where the role or request has none. */
  NOT_BREAK_GLASS,
  /** The break-glass use was reviewed already, or is not yet due for review. */
  NOT_AWAITING_REVIEW,
  /** The resource's policy allows no extensions. */
  EXTENSION_NOT_ALLOWED,
  /** An extension of this access is already waiting for approvals. */
  EXTENSION_PENDING,
  /** No extension of this access is waiting to be decided. */
  NO_EXTENSION,
  /** The directory or owner lookup failed; the engine fails closed. Retrying later may work. */
  UNVERIFIABLE
}
