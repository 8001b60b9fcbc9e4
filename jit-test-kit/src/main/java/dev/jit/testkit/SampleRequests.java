package dev.jit.testkit;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import dev.jit.spi.GrantStep;
import dev.jit.spi.GroupId;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Realistic {@link AccessRequest} snapshots, grant steps and audit entries for tests.
 *
 * <p>Snapshots made here are valid by the SPI's rules; {@link #next} and its shortcuts derive the
 * following version the way the engine does (a copy with {@code version + 1}).
 */
public final class SampleRequests {
  /** A fixed, readable instant to start test clocks at. */
  public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** The requester of {@link #pending(RequestId, Instant)}. */
  public static final UserId ALICE = new UserId("U024BE7LH");

  /** An approver. */
  public static final UserId BOB = new UserId("U0G9QF9C6");

  /** Another approver. */
  public static final UserId CAROL = new UserId("U061F7AUR");

  public static final ResourceId RESOURCE = new ResourceId("prod-payments-db");
  public static final RoleName ROLE = new RoleName("read-only");

  private SampleRequests() {}

  /** {@code req-000042} for 42: ids that sort like their numbers. */
  public static RequestId id(int n) {
    return new RequestId(String.format("req-%06d", n));
  }

  /** A new request of {@link #ALICE}: version 1, pending, due at its approval deadline. */
  public static AccessRequest pending(RequestId id, Instant createdAt) {
    return pending(id, createdAt, ALICE);
  }

  /** A new request of {@code requester}: version 1, pending, due at its approval deadline. */
  public static AccessRequest pending(RequestId id, Instant createdAt, UserId requester) {
    Instant deadline = createdAt.plus(Duration.ofMinutes(30));
    return new AccessRequest.Builder()
        .id(id)
        .version(1)
        .requester(requester)
        .resource(RESOURCE)
        .role(ROLE)
        .duration(Duration.ofHours(1))
        .justification("Investigating INC-4711: failed payouts since 08:40")
        .ticket("INC-4711")
        .status(RequestStatus.PENDING)
        .createdAt(createdAt)
        .approvalDeadline(deadline)
        .requiredApprovals(1)
        .steps(List.of(step(1)))
        .nextDeadline(Optional.of(deadline))
        .handledKeys(Map.of("submit:" + id.value(), RequestStatus.PENDING))
        .build();
  }

  /**
   * A request with every field set: two approvals, several steps with multi-entry targets, every
   * optional present, several handled keys, and free text with unicode, quotes and newlines.
   * Version 5, active.
   */
  public static AccessRequest fullyPopulated(RequestId id, Instant createdAt) {
    Instant approved = createdAt.plus(Duration.ofMinutes(4));
    Instant granted = approved.plusSeconds(3);
    Instant expires = granted.plus(Duration.ofHours(2));
    return new AccessRequest.Builder()
        .id(id)
        .version(5)
        .requester(ALICE)
        .resource(RESOURCE)
        .role(new RoleName("admin"))
        .duration(Duration.ofHours(2).plusMinutes(30))
        .justification(
            "Zahlungsausfall — prüfe Tabelle \"payouts\"\nZeile 2: 日本語 \uD83D\uDD25\ttab\\slash")
        .ticket("OPS-9001")
        .status(RequestStatus.ACTIVE)
        .createdAt(createdAt)
        .approvalDeadline(createdAt.plus(Duration.ofMinutes(30)))
        .requiredApprovals(2)
        .approvals(
            List.of(
                new Approval(BOB, createdAt.plus(Duration.ofMinutes(2))),
                new Approval(CAROL, approved)))
        .steps(
            List.of(
                step(1),
                new GrantStep(
                    "gcp-iam",
                    Map.of(
                        "project", "payments-prod",
                        "role", "roles/cloudsql.viewer",
                        "condition", "request.time < timestamp('x')"),
                    "alice@example.com"),
                new GrantStep(
                    "postgres-role", Map.of("database", "payments", "role", "ro"), "alice_ro")))
        .stepsDone(3)
        .attempts(2)
        .grantedAt(Optional.of(granted))
        .expiresAt(Optional.of(expires))
        .nextDeadline(Optional.of(expires.minus(Duration.ofMinutes(10))))
        .decidedBy(Optional.of(CAROL))
        .reason("retried after 503 from\n\"backend\" ✓")
        .handledKeys(
            Map.of(
                "submit:" + id.value(), RequestStatus.PENDING,
                "approve:1712.0001:" + BOB.value(), RequestStatus.PENDING,
                "approve:1712.0002:" + CAROL.value(), RequestStatus.APPROVED))
        .build();
  }

  /**
   * {@link #fullyPopulated} as break-glass access with every emergency part set: reviewed as not
   * justified after two escalations, extended once, and a second extension pending with one
   * approval. Version 5, active.
   */
  public static AccessRequest breakGlassExtended(RequestId id, Instant createdAt) {
    AccessRequest full = fullyPopulated(id, createdAt);
    Instant at = createdAt.plus(Duration.ofMinutes(20));
    BreakGlass bg =
        BreakGlass.invoked(
                "C0SECURITY",
                Optional.of(new GroupId("S0ONCALL")),
                Duration.ofHours(8),
                Duration.ofHours(2))
            .withReviewDue(createdAt.plus(Duration.ofHours(8)))
            .escalated()
            .escalated()
            .withReview(
                new BreakGlass.Review(
                    BOB, BreakGlass.Verdict.NOT_JUSTIFIED, "Kein Vorfall \"INC\"\n✓", at));
    return full.toBuilder()
        .breakGlass(Optional.of(bg))
        .extendedBy(Duration.ofMinutes(30))
        .extension(
            Optional.of(
                new Extension(
                    Duration.ofMinutes(45),
                    at,
                    at.plus(Duration.ofMinutes(30)),
                    2,
                    List.of(new Approval(CAROL, at.plusSeconds(7))))))
        .build();
  }

  /** The next version of {@code request}, changed by {@code change}. */
  public static AccessRequest next(
      AccessRequest request, UnaryOperator<AccessRequest.Builder> change) {
    return change.apply(request.toBuilder().version(request.version() + 1)).build();
  }

  /** The next version of {@code request}, in {@code status}. */
  public static AccessRequest next(AccessRequest request, RequestStatus status) {
    return next(request, b -> b.status(status));
  }

  /** The next version of {@code request}, due at {@code nextDeadline} (empty: not due). */
  public static AccessRequest withNextDeadline(
      AccessRequest request, Optional<Instant> nextDeadline) {
    return next(request, b -> b.nextDeadline(nextDeadline));
  }

  /** The next version of {@code request}, with {@code reason}. */
  public static AccessRequest withReason(AccessRequest request, String reason) {
    return next(request, b -> b.reason(reason));
  }

  /**
   * The next version of {@code request}, belonging to {@code requester} (not a change the engine
   * makes, but handy for index tests).
   */
  public static AccessRequest withRequester(AccessRequest request, UserId requester) {
    return next(request, b -> b.requester(requester));
  }

  /** The {@code n}-th distinct sample step: an Okta group membership for alice. */
  public static GrantStep step(int n) {
    return new GrantStep(
        "okta-group", Map.of("group", String.format("00g%06d", n)), "alice@example.com");
  }

  /** The {@code n}-th distinct step of backend {@code type}. */
  public static GrantStep step(String type, int n) {
    return new GrantStep(
        type, Map.of("group", String.format("jit-%06d", n), "scope", "prod"), "alice@example.com");
  }

  /** An audit entry recording {@code request} as the outcome of {@code action} by the system. */
  public static AuditEntry entry(AccessRequest request, String action) {
    return new AuditEntry(request.createdAt(), action, "system", "", request);
  }

  /**
   * The first {@code records} (1 to 6) audit entries of a legal life of request {@code id}, a
   * minute apart from {@link #T0}, as an engine writes them: submitted by the requester, approved
   * by {@link #BOB} (expiry set to approval + duration), its step granted, active, expiry reached,
   * expired. For logs that a verifier checking each step's legality must pass.
   */
  public static List<AuditEntry> history(RequestId id, int records) {
    if (records < 1 || records > 6) {
      throw new IllegalArgumentException("a sample life has 1 to 6 records");
    }
    AccessRequest r = pending(id, T0);
    List<AuditEntry> out = new java.util.ArrayList<>();
    out.add(new AuditEntry(T0, "submitted", r.requester().value(), "", r));
    Instant at = T0.plusSeconds(60);
    r =
        r.toBuilder()
            .version(2)
            .status(RequestStatus.APPROVED)
            .approvals(List.of(new Approval(BOB, at)))
            .expiresAt(Optional.of(at.plus(r.duration())))
            .build();
    out.add(new AuditEntry(at, "approved", BOB.value(), "", r));
    at = at.plusSeconds(60);
    r = r.toBuilder().version(3).stepsDone(1).build();
    out.add(new AuditEntry(at, "step_granted", "system", "", r));
    at = at.plusSeconds(60);
    r = r.toBuilder().version(4).status(RequestStatus.ACTIVE).grantedAt(Optional.of(at)).build();
    out.add(new AuditEntry(at, "granted", "system", "", r));
    at = r.expiresAt().orElseThrow();
    r = r.toBuilder().version(5).status(RequestStatus.REVOKING).build();
    out.add(new AuditEntry(at, "expiry_reached", "system", "", r));
    at = at.plusSeconds(1);
    r =
        r.toBuilder()
            .version(6)
            .status(RequestStatus.EXPIRED)
            .nextDeadline(Optional.empty())
            .build();
    out.add(new AuditEntry(at, "revoked", "system", "", r));
    return List.copyOf(out.subList(0, records));
  }

  /**
   * An audit entry for version {@code version} of request {@code id} (a pending request otherwise).
   * Not a legal history beyond version 1: use {@link #history} where legality is checked.
   */
  public static AuditEntry entry(RequestId id, long version) {
    AccessRequest request = pending(id, T0).toBuilder().version(version).build();
    return new AuditEntry(T0.plusSeconds(version), "state_changed", "system", "", request);
  }
}
