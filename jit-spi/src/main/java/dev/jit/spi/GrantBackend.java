package dev.jit.spi;

import java.util.Optional;
import java.util.Set;

/**
 * Applies and removes one kind of access: a group membership, a role binding, a database role.
 *
 * <p>Implementations are thread-safe and idempotent, because the engine retries: granting what is
 * already granted, or revoking what is already gone, succeeds. Failures are {@link
 * BackendException}s that say whether a retry may help. A failure after the call reached the
 * backend may still have taken effect; the engine allows for that by revoking such a step when it
 * rolls back.
 */
public interface GrantBackend {

  /**
   * The backend type that grant steps name, for example {@code okta-group} or {@code
   * postgres-role}.
   */
  String type();

  /** Applies the access. */
  void grant(Grant grant);

  /** Removes the access. */
  void revoke(Grant grant);

  /** Whether the access is in place now, for verification after grant and revoke. */
  default GrantCheck check(Grant grant) {
    return GrantCheck.UNKNOWN;
  }

  /**
   * Everything this backend currently holds in the scopes jit manages, for drift sweeps; empty when
   * the backend cannot list. Only list what jit manages (its own groups, labelled bindings):
   * whatever is listed and not backed by an active request is revoked.
   */
  default Optional<Set<GrantStep>> holdings() {
    return Optional.empty();
  }
}
