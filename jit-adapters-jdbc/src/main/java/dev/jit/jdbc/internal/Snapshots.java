package dev.jit.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import dev.jit.spi.GrantStep;
import dev.jit.spi.GroupId;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads snapshots and audit records back from their canonical JSON ({@link AuditChain}), the form
 * they are stored in. Reading then re-encoding gives the same text, so the hash of a record read
 * back is the hash it was written with, unless someone changed it.
 */
public final class Snapshots {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Snapshots() {}

  public static String encode(AccessRequest r) {
    return AuditChain.canonical(r);
  }

  public static AccessRequest decodeRequest(String json) {
    return request(parse(json));
  }

  /** A record from its canonical text and the hash stored beside it. */
  public static AuditRecord decodeRecord(String json, String hash) {
    JsonNode n = parse(json);
    AuditEntry entry =
        new AuditEntry(
            Instant.parse(text(n, "at")),
            text(n, "action"),
            text(n, "actor"),
            text(n, "detail"),
            request(n.path("request")));
    return new AuditRecord(n.path("sequence").asLong(), entry, text(n, "previousHash"), hash);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new JitException("a stored snapshot is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static AccessRequest request(JsonNode n) {
    List<Approval> approvals = approvals(n);
    List<GrantStep> steps = new ArrayList<>();
    for (JsonNode s : n.path("steps")) {
      steps.add(new GrantStep(text(s, "backend"), strings(s.path("target")), text(s, "principal")));
    }
    Map<String, RequestStatus> keys = new LinkedHashMap<>();
    n.path("handledKeys")
        .fields()
        .forEachRemaining(e -> keys.put(e.getKey(), RequestStatus.valueOf(e.getValue().asText())));
    return new AccessRequest.Builder()
        .id(new RequestId(text(n, "id")))
        .version(n.path("version").asLong())
        .requester(new UserId(text(n, "requester")))
        .resource(new ResourceId(text(n, "resource")))
        .role(new RoleName(text(n, "role")))
        .duration(Duration.parse(text(n, "duration")))
        .justification(text(n, "justification"))
        .ticket(text(n, "ticket"))
        .status(RequestStatus.valueOf(text(n, "status")))
        .createdAt(Instant.parse(text(n, "createdAt")))
        .approvalDeadline(Instant.parse(text(n, "approvalDeadline")))
        .requiredApprovals(n.path("requiredApprovals").asInt())
        .approvals(approvals)
        .steps(steps)
        .stepsDone(n.path("stepsDone").asInt())
        .attempts(n.path("attempts").asInt())
        .grantedAt(instant(n, "grantedAt"))
        .expiresAt(instant(n, "expiresAt"))
        .nextDeadline(instant(n, "nextDeadline"))
        .decidedBy(optional(n, "decidedBy").map(UserId::new))
        .reason(text(n, "reason"))
        .handledKeys(keys)
        .breakGlass(
            n.hasNonNull("breakGlass")
                ? Optional.of(breakGlass(n.get("breakGlass")))
                : Optional.empty())
        .extension(
            n.hasNonNull("extension")
                ? Optional.of(extension(n.get("extension")))
                : Optional.empty())
        .extendedBy(optional(n, "extendedBy").map(Duration::parse).orElse(Duration.ZERO))
        .holder(optional(n, "holder"))
        .build();
  }

  private static List<Approval> approvals(JsonNode n) {
    List<Approval> approvals = new ArrayList<>();
    for (JsonNode a : n.path("approvals")) {
      approvals.add(new Approval(new UserId(text(a, "approver")), Instant.parse(text(a, "at"))));
    }
    return approvals;
  }

  private static BreakGlass breakGlass(JsonNode n) {
    Optional<BreakGlass.Review> review = Optional.empty();
    JsonNode v = n.get("review");
    if (v != null && !v.isNull()) {
      review =
          Optional.of(
              new BreakGlass.Review(
                  new UserId(text(v, "reviewer")),
                  BreakGlass.Verdict.valueOf(text(v, "verdict")),
                  text(v, "comment"),
                  Instant.parse(text(v, "at"))));
    }
    return new BreakGlass(
        text(n, "announceChannel"),
        optional(n, "onCall").map(GroupId::new),
        Duration.parse(text(n, "reviewWithin")),
        Duration.parse(text(n, "escalateEvery")),
        instant(n, "reviewDue"),
        review,
        n.path("escalations").asInt());
  }

  private static Extension extension(JsonNode n) {
    return new Extension(
        Duration.parse(text(n, "by")),
        Instant.parse(text(n, "askedAt")),
        Instant.parse(text(n, "deadline")),
        n.path("requiredApprovals").asInt(),
        approvals(n));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new JitException("a stored snapshot lacks the text field '" + field + "'");
    }
    return v.asText();
  }

  private static Optional<String> optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<Instant> instant(JsonNode n, String field) {
    return optional(n, field).map(Instant::parse);
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
