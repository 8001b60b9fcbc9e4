package dev.jit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A snapshot of one access request: what was asked, who decided and what was granted (the domain),
 * and, apart from it, what the engine must do next ({@link Progress}). Immutable; the engine
 * produces a new snapshot (with {@code version + 1}) for every state change. Both parts are in the
 * audit record: the audit log is the commit point, so a store is rebuilt from it.
 *
 * @param steps the grant steps resolved at submission (policy and identities fixed then, so
 *     revocation never depends on a later policy or directory)
 * @param decidedBy who denied, cancelled or revoked it
 * @param reason the denial reason or the last failure, for people to read
 * @param breakGlass present for emergency access: its policy as invoked and its review
 * @param extension a pending request for more time on active access
 * @param extendedBy how much the approved extensions added to {@code duration}; access lasts {@code
 *     duration + extendedBy} in all, never more than the policy's maximum
 * @param progress the engine's bookkeeping: version, steps done, attempts, next deadline, handled
 *     idempotency keys
 */
public record AccessRequest(
    RequestId id,
    UserId requester,
    ResourceId resource,
    RoleName role,
    Duration duration,
    String justification,
    String ticket,
    RequestStatus status,
    Instant createdAt,
    Instant approvalDeadline,
    int requiredApprovals,
    List<Approval> approvals,
    List<GrantStep> steps,
    Optional<Instant> grantedAt,
    Optional<Instant> expiresAt,
    Optional<UserId> decidedBy,
    String reason,
    Optional<BreakGlass> breakGlass,
    Optional<Extension> extension,
    Duration extendedBy,
    Progress progress) {

  /**
   * Where the engine is with a request, as opposed to what the request is.
   *
   * @param version 1 for a new request, then one more per state change; stores use it for
   *     optimistic concurrency
   * @param stepsDone how many of the steps, in order, are known to be applied
   * @param attempts failed attempts of the operation now being retried (grant, rollback or
   *     revocation), or checks of a grant step in progress
   * @param nextDeadline when the engine must act on this request next (approval deadline, expiry,
   *     retry); empty once terminal. Stores index it for sweeps.
   * @param handledKeys idempotency keys of the commands applied to this request, with the state
   *     each one left
   * @param holder the engine instance that committed this version while granting or undoing: the
   *     holder of the lease that {@code nextDeadline} ends. An instance that restarts takes back at
   *     once the work it held; others wait for the lease to run out. Empty in every other state.
   */
  public record Progress(
      long version,
      int stepsDone,
      int attempts,
      Optional<Instant> nextDeadline,
      Map<String, RequestStatus> handledKeys,
      Optional<String> holder) {

    /** Progress without a lease holder. */
    public Progress(
        long version,
        int stepsDone,
        int attempts,
        Optional<Instant> nextDeadline,
        Map<String, RequestStatus> handledKeys) {
      this(version, stepsDone, attempts, nextDeadline, handledKeys, Optional.empty());
    }

    public Progress {
      if (version < 1) {
        throw new IllegalArgumentException("version starts at 1");
      }
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative");
      }
      Objects.requireNonNull(nextDeadline, "nextDeadline");
      handledKeys = Map.copyOf(handledKeys);
      Objects.requireNonNull(holder, "holder");
      if (holder.isPresent() && (holder.get().isBlank() || holder.get().length() > 128)) {
        throw new IllegalArgumentException("holder must be 1 to 128 characters");
      }
    }
  }

  public AccessRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    Objects.requireNonNull(justification, "justification");
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(approvalDeadline, "approvalDeadline");
    Objects.requireNonNull(breakGlass, "breakGlass");
    if (requiredApprovals < (breakGlass.isPresent() ? 0 : 1)) {
      throw new IllegalArgumentException("requiredApprovals must be at least 1");
    }
    approvals = List.copyOf(approvals);
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a request grants at least one step");
    }
    Objects.requireNonNull(grantedAt, "grantedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(extendedBy, "extendedBy");
    if (extendedBy.isNegative()) {
      throw new IllegalArgumentException("extendedBy must not be negative");
    }
    Objects.requireNonNull(progress, "progress");
    if (progress.stepsDone() < 0 || progress.stepsDone() > steps.size()) {
      throw new IllegalArgumentException("stepsDone out of range: " + progress.stepsDone());
    }
  }

  /** {@link Progress#version()}. */
  public long version() {
    return progress.version();
  }

  /** {@link Progress#stepsDone()}. */
  public int stepsDone() {
    return progress.stepsDone();
  }

  /** {@link Progress#attempts()}. */
  public int attempts() {
    return progress.attempts();
  }

  /** {@link Progress#nextDeadline()}. */
  public Optional<Instant> nextDeadline() {
    return progress.nextDeadline();
  }

  /** {@link Progress#handledKeys()}. */
  public Map<String, RequestStatus> handledKeys() {
    return progress.handledKeys();
  }

  /** Whether this is emergency access ({@link #breakGlass()} present). */
  public boolean isBreakGlass() {
    return breakGlass.isPresent();
  }

  /** How long access lasts in all: the duration asked for plus the approved extensions. */
  public Duration totalDuration() {
    return duration.plus(extendedBy);
  }

  /** {@link Progress#holder()}. */
  public Optional<String> holder() {
    return progress.holder();
  }

  /** The distinct people who approved, in the order they approved. */
  public Set<UserId> approvers() {
    return approvals.stream()
        .map(Approval::approver)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /** A copy with the given state and version; the engine's transitions build on this. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Copy-and-change for snapshots; used by the engine and by stores that rebuild snapshots from
   * rows.
   */
  public static final class Builder {
    private RequestId id;
    private long version;
    private UserId requester;
    private ResourceId resource;
    private RoleName role;
    private Duration duration;
    private String justification;
    private String ticket = "";
    private RequestStatus status = RequestStatus.PENDING;
    private Instant createdAt;
    private Instant approvalDeadline;
    private int requiredApprovals = 1;
    private List<Approval> approvals = List.of();
    private List<GrantStep> steps = List.of();
    private int stepsDone;
    private int attempts;
    private Optional<Instant> grantedAt = Optional.empty();
    private Optional<Instant> expiresAt = Optional.empty();
    private Optional<Instant> nextDeadline = Optional.empty();
    private Optional<UserId> decidedBy = Optional.empty();
    private String reason = "";
    private Optional<BreakGlass> breakGlass = Optional.empty();
    private Optional<Extension> extension = Optional.empty();
    private Duration extendedBy = Duration.ZERO;
    private Map<String, RequestStatus> handledKeys = Map.of();
    private Optional<String> holder = Optional.empty();

    public Builder() {}

    private Builder(AccessRequest r) {
      id = r.id;
      version = r.version();
      requester = r.requester;
      resource = r.resource;
      role = r.role;
      duration = r.duration;
      justification = r.justification;
      ticket = r.ticket;
      status = r.status;
      createdAt = r.createdAt;
      approvalDeadline = r.approvalDeadline;
      requiredApprovals = r.requiredApprovals;
      approvals = r.approvals;
      steps = r.steps;
      stepsDone = r.stepsDone();
      attempts = r.attempts();
      grantedAt = r.grantedAt;
      expiresAt = r.expiresAt;
      nextDeadline = r.nextDeadline();
      decidedBy = r.decidedBy;
      reason = r.reason;
      breakGlass = r.breakGlass;
      extension = r.extension;
      extendedBy = r.extendedBy;
      handledKeys = r.handledKeys();
      holder = r.holder();
    }

    public Builder id(RequestId v) {
      id = v;
      return this;
    }

    public Builder version(long v) {
      version = v;
      return this;
    }

    public Builder requester(UserId v) {
      requester = v;
      return this;
    }

    public Builder resource(ResourceId v) {
      resource = v;
      return this;
    }

    public Builder role(RoleName v) {
      role = v;
      return this;
    }

    public Builder duration(Duration v) {
      duration = v;
      return this;
    }

    public Builder justification(String v) {
      justification = v;
      return this;
    }

    public Builder ticket(String v) {
      ticket = v;
      return this;
    }

    public Builder status(RequestStatus v) {
      status = v;
      return this;
    }

    public Builder createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    public Builder approvalDeadline(Instant v) {
      approvalDeadline = v;
      return this;
    }

    public Builder requiredApprovals(int v) {
      requiredApprovals = v;
      return this;
    }

    public Builder approvals(List<Approval> v) {
      approvals = v;
      return this;
    }

    public Builder steps(List<GrantStep> v) {
      steps = v;
      return this;
    }

    public Builder stepsDone(int v) {
      stepsDone = v;
      return this;
    }

    public Builder attempts(int v) {
      attempts = v;
      return this;
    }

    public Builder grantedAt(Optional<Instant> v) {
      grantedAt = v;
      return this;
    }

    public Builder expiresAt(Optional<Instant> v) {
      expiresAt = v;
      return this;
    }

    public Builder nextDeadline(Optional<Instant> v) {
      nextDeadline = v;
      return this;
    }

    public Builder decidedBy(Optional<UserId> v) {
      decidedBy = v;
      return this;
    }

    public Builder reason(String v) {
      reason = v;
      return this;
    }

    public Builder breakGlass(Optional<BreakGlass> v) {
      breakGlass = v;
      return this;
    }

    public Builder extension(Optional<Extension> v) {
      extension = v;
      return this;
    }

    public Builder extendedBy(Duration v) {
      extendedBy = v;
      return this;
    }

    public Builder handledKeys(Map<String, RequestStatus> v) {
      handledKeys = v;
      return this;
    }

    public Builder holder(Optional<String> v) {
      holder = v;
      return this;
    }

    public AccessRequest build() {
      return new AccessRequest(
          id,
          requester,
          resource,
          role,
          duration,
          justification,
          ticket,
          status,
          createdAt,
          approvalDeadline,
          requiredApprovals,
          approvals,
          steps,
          grantedAt,
          expiresAt,
          decidedBy,
          reason,
          breakGlass,
          extension,
          extendedBy,
          new Progress(version, stepsDone, attempts, nextDeadline, handledKeys, holder));
    }
  }
}
