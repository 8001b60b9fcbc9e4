package dev.jit.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.util.json.GsonFactory;
import dev.jit.core.EngineSettings;
import dev.jit.core.SubmissionRules;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.GrantStep;
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

/** Fixed sample data (fixed instant, fixed ids) and serialization as the SDK sends it. */
final class Samples {
  static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");
  static final UserId REQUESTER = new UserId("U0REQ01");
  static final UserId OWNER1 = new UserId("U0OWNER1");
  static final UserId OWNER2 = new UserId("U0OWNER2");
  static final UserId ADMIN = new UserId("U0ADMIN1");
  static final RequestId ID = new RequestId("5f0c7a8e-2b1d-4c3e-9a7f-1e2d3c4b5a69");
  static final ResourceId PROD = new ResourceId("prod-payments-db");
  static final RoleName READ = new RoleName("read-only");

  /** The rules of an engine with the default settings, as the modal gets them from the engine. */
  static final SubmissionRules RULES = SubmissionRules.of(EngineSettings.defaults());

  static final String JUSTIFICATION =
      "Investigating INC-4711: payments stuck in PENDING since 13:20 UTC.\n"
          + "Need to read the ledger tables.";

  static final String POLICY_YAML =
      """
      admins: [U0ADMIN1]
      resources:
        prod-payments-db:
          description: Production payments database
          owners:
            users: [U0OWNER1, U0OWNER2, U0OWNER3]
          requiredApprovals: 2
          approvalTimeout: 30m
          maxDuration: 4h
          durations: [15m, 1h, 4h]
          requesters:
            everyone: true
          roles:
            read-only:
              description: SELECT on the payments schema
              steps:
                - backend: postgres-role
                  principal: db-user
                  target: { role: payments_read }
            break-glass:
              steps:
                - backend: postgres-role
                  principal: db-user
                  target: { role: payments_admin }
        staging-k8s:
          description: Staging Kubernetes cluster
          owners:
            users: [U0OWNER4]
          requiredApprovals: 1
          approvalTimeout: 2h
          maxDuration: 1d
          requesters:
            everyone: true
          roles:
            edit:
              description: Edit access to the default namespace
              steps:
                - backend: k8s-rolebinding
                  principal: email
                  target: { clusterRole: edit, namespace: default }
      """;

  static final Policy POLICY = PolicyLoader.parse(POLICY_YAML, "samples.yaml");

  /**
   * Pretty, stable, and without Gson's HTML escaping of {@code < > & = '} so files stay legible.
   */
  static final Gson GSON =
      GsonFactory.createSnakeCase().newBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private Samples() {}

  static AccessRequest.Builder pending() {
    return new AccessRequest.Builder()
        .id(ID)
        .version(1)
        .requester(REQUESTER)
        .resource(PROD)
        .role(READ)
        .duration(Duration.ofHours(1))
        .justification(JUSTIFICATION)
        .ticket("INC-4711")
        .status(RequestStatus.PENDING)
        .createdAt(NOW)
        .approvalDeadline(NOW.plus(Duration.ofMinutes(30)))
        .requiredApprovals(2)
        .steps(List.of(new GrantStep("postgres-role", Map.of("role", "payments_read"), "alice_db")))
        .nextDeadline(Optional.of(NOW.plus(Duration.ofMinutes(30))));
  }

  /** Break-glass access, granted at once and due for review. */
  static AccessRequest breakGlass() {
    Instant at = NOW.plus(Duration.ofMinutes(1));
    return request(RequestStatus.ACTIVE).toBuilder()
        .requiredApprovals(0)
        .approvals(List.of())
        .justification("INC-4711: payouts failing, fixing a stuck ledger row")
        .breakGlass(
            Optional.of(
                dev.jit.spi.BreakGlass.invoked(
                        "C0SECURITY", Optional.empty(), Duration.ofHours(24), Duration.ofHours(4))
                    .withReviewDue(at.plus(Duration.ofHours(24)))))
        .build();
  }

  /** {@link #breakGlass()} after an owner's review. */
  static AccessRequest reviewed(dev.jit.spi.BreakGlass.Verdict verdict) {
    AccessRequest r = breakGlass();
    return r.toBuilder()
        .breakGlass(
            r.breakGlass()
                .map(
                    b ->
                        b.withReview(
                            new dev.jit.spi.BreakGlass.Review(
                                OWNER1,
                                verdict,
                                "Checked INC-4711",
                                NOW.plus(Duration.ofHours(2))))))
        .build();
  }

  /** Active access with an extension of 1h asked, not yet approved. */
  static AccessRequest extending() {
    Instant asked = NOW.plus(Duration.ofMinutes(50));
    return request(RequestStatus.ACTIVE).toBuilder()
        .extension(
            Optional.of(
                new dev.jit.spi.Extension(
                    Duration.ofHours(1), asked, asked.plus(Duration.ofMinutes(15)), 1, List.of())))
        .build();
  }

  static AccessRequest request(RequestStatus status) {
    AccessRequest.Builder b = pending().status(status).version(2);
    Instant approved = NOW.plus(Duration.ofMinutes(5));
    List<Approval> both =
        List.of(
            new Approval(OWNER1, NOW.plus(Duration.ofMinutes(3))), new Approval(OWNER2, approved));
    switch (status) {
      case PENDING -> b.approvals(List.of(new Approval(OWNER1, NOW.plus(Duration.ofMinutes(3)))));
      case APPROVED -> b.approvals(both);
      case ACTIVE ->
          b.approvals(both)
              .stepsDone(1)
              .grantedAt(Optional.of(approved))
              .expiresAt(Optional.of(approved.plus(Duration.ofHours(1))))
              .nextDeadline(Optional.of(approved.plus(Duration.ofHours(1))));
      case GRANT_FAILED ->
          b.approvals(both).reason("postgres-role: role \"payments_read\" does not exist");
      case ROLLBACK_FAILING ->
          b.approvals(both)
              .attempts(7)
              .reason("postgres-role: connection refused")
              .nextDeadline(Optional.of(NOW.plus(Duration.ofMinutes(40))));
      case REVOKING ->
          b.approvals(both)
              .stepsDone(1)
              .grantedAt(Optional.of(approved))
              .expiresAt(Optional.of(approved.plus(Duration.ofHours(1))))
              .decidedBy(Optional.of(ADMIN));
      case REVOCATION_FAILING ->
          b.approvals(both)
              .stepsDone(1)
              .attempts(5)
              .grantedAt(Optional.of(approved))
              .expiresAt(Optional.of(approved.plus(Duration.ofHours(1))))
              .nextDeadline(Optional.of(approved.plus(Duration.ofMinutes(75))))
              .reason("postgres-role: timeout after 10 s revoking payments_read from alice_db");
      case DENIED ->
          b.decidedBy(Optional.of(OWNER2))
              .reason("Use the read replica for this; prod access is not needed.")
              .nextDeadline(Optional.empty());
      case TIMED_OUT, CANCELLED ->
          b.nextDeadline(Optional.empty())
              .decidedBy(
                  status == RequestStatus.CANCELLED ? Optional.of(REQUESTER) : Optional.empty());
      case ROLLED_BACK ->
          b.approvals(both)
              .reason("postgres-role: role \"payments_read\" does not exist")
              .nextDeadline(Optional.empty());
      case REVOKED ->
          b.approvals(both)
              .grantedAt(Optional.of(approved))
              .expiresAt(Optional.of(approved.plus(Duration.ofHours(1))))
              .decidedBy(Optional.of(ADMIN))
              .reason("Incident closed.")
              .nextDeadline(Optional.empty());
      case EXPIRED ->
          b.approvals(both)
              .grantedAt(Optional.of(approved))
              .expiresAt(Optional.of(approved.plus(Duration.ofHours(1))))
              .nextDeadline(Optional.empty());
    }
    return b.build();
  }

  static JsonElement json(Object surface) {
    return GSON.toJsonTree(surface);
  }

  static JsonElement json(SlackMessage m) {
    JsonObject o = new JsonObject();
    o.addProperty("text", m.text());
    o.add("blocks", GSON.toJsonTree(m.blocks()));
    return o;
  }

  static String pretty(JsonElement e) {
    return GSON.toJson(e) + "\n";
  }
}
