package dev.jit.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies and removes one kind of access: a group membership, a role binding, a database role. One
 * instance talks to one system (one Okta org, one cluster, one database); two instances of one kind
 * are two backends with different {@link #type() names}.
 *
 * <p>Implementations are thread-safe and idempotent, because the engine retries: granting what is
 * already granted (or being granted), or revoking what is already gone (or being removed, or whose
 * target no longer exists), succeeds. Failures are {@link BackendException}s that say whether a
 * retry may help. A failure after the call reached the backend may still have taken effect; the
 * engine allows for that by revoking such a step when it rolls back.
 *
 * <p>Asynchronous platforms: {@link #grant} and {@link #revoke} may return once the platform has
 * accepted the change; {@link #check} then answers {@link GrantCheck#PENDING} until it is done. The
 * engine never blocks a thread on it: it checks again on a durable timer.
 *
 * <p>Principals: the engine passes every principal through {@link #canonicalPrincipal} once, when
 * it builds the request's steps, so grant, revoke, check and {@link #holdings} all see one
 * spelling; holdings must be reported in that spelling too, or drift sweeps would revoke legitimate
 * access.
 */
public interface GrantBackend extends AutoCloseable {

  /**
   * The name grant steps use to pick this backend ({@code backend:} in policy), for example {@code
   * okta-prod} or {@code pg-payments}. For backends configured in the reference app this is the
   * instance's {@code name}, not its kind.
   */
  String type();

  /** Applies the access, or starts applying it (see {@link GrantCheck#PENDING}). */
  void grant(Grant grant);

  /** Removes the access, or starts removing it. A target or principal that is gone is success. */
  void revoke(Grant grant);

  /**
   * Moves the end of access that carries its own expiry ({@link Grant#expiresAt()}: a database
   * role's {@code VALID UNTIL}, an IAM time condition, an expiry label a reaper reads) to {@code
   * newExpiry}, after an approved extension. {@code grant} is the access as granted, with its
   * current expiry. Called after the engine moved its own revocation; idempotent like the other
   * calls. The default does nothing, which is right for backends that carry no expiry; a backend
   * that does and keeps this default ends the access at the original time (early, never late).
   */
  default void extend(Grant grant, java.time.Instant newExpiry) {}

  /**
   * Whether the access is in place now, for verification after grant and revoke. Throws a
   * non-retryable {@link BackendException} with the platform's reason when an asynchronous
   * operation on this grant failed.
   */
  default GrantCheck check(Grant grant) {
    return GrantCheck.UNKNOWN;
  }

  /**
   * Everything this backend currently holds in the scopes jit manages, for drift sweeps; empty when
   * the backend cannot list. Only list what jit manages and granted (its own groups, labelled
   * bindings, members of allow-listed roles), never the backend's own identity or access it did not
   * grant: whatever is listed and not backed by an active request is revoked.
   */
  default Optional<Set<GrantStep>> holdings() {
    return Optional.empty();
  }

  /**
   * What this backend accepts in a policy step: target keys, principal kinds, managed scope.
   * Checked against the policy at load; must make no remote call.
   */
  default StepRules stepRules() {
    return StepRules.ANY;
  }

  /**
   * Checks that need the platform, made once when the app starts: whether jit's own credentials may
   * do what the configuration asks (a Kubernetes SelfSubjectAccessReview, say), or platform
   * settings that weaken the grant (an IAM Identity Center session longer than any grant). Each
   * problem names what is missing or risky, for the operator; the app logs them and starts anyway,
   * since the platform may be briefly unreachable. Must not throw.
   */
  default List<Problem> preflight() {
    return List.of();
  }

  /**
   * The one spelling of a principal this backend uses (lower-cased emails and logins, say). Must be
   * idempotent: {@code canonicalPrincipal(canonicalPrincipal(p))} equals {@code
   * canonicalPrincipal(p)}.
   */
  default String canonicalPrincipal(String principal) {
    return principal;
  }

  /**
   * Releases what the backend holds (HTTP clients, SDK clients, pools). Called once, on shutdown,
   * by whoever created it; the backend is not used afterwards. Must not throw.
   */
  @Override
  default void close() {}
}
