package dev.jit.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The canonical encoding and hashing of audit records, shared by every {@link AuditLog}
 * implementation and by the verifier so that they agree byte for byte.
 *
 * <p>The canonical form is compact JSON with a fixed member order, sorted map keys, ISO-8601
 * instants and durations, {@code null} for absent values, and JSON string escaping of every control
 * character. The format is part of the audit schema (docs/audit-record.md): changing it would break
 * verification of existing logs.
 */
public final class AuditChain {
  /** The {@code previousHash} of the first record. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** Numbers and links {@code entry} after a record with {@code previousHash}. */
  public static AuditRecord link(long sequence, AuditEntry entry, String previousHash) {
    AuditRecord unsigned = new AuditRecord(sequence, entry, previousHash, "");
    return new AuditRecord(sequence, entry, previousHash, hash(unsigned));
  }

  /** The SHA-256 (lower-case hex) of the canonical form of {@code record}. */
  public static String hash(AuditRecord record) {
    return hash(canonical(record));
  }

  /** The SHA-256 (lower-case hex) of a record's canonical text, as stored. */
  public static String hash(String canonical) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The canonical form of {@code record}: every field except {@code hash}. */
  public static String canonical(AuditRecord record) {
    AuditEntry e = record.entry();
    Json json = new Json();
    json.open()
        .field("sequence", record.sequence())
        .field("previousHash", record.previousHash())
        .field("at", e.at().toString())
        .field("action", e.action())
        .field("actor", e.actor())
        .field("detail", e.detail())
        .name("request");
    request(json, e.request());
    return json.close().toString();
  }

  /**
   * The canonical form of a request snapshot alone: the {@code request} member of a record. Stores
   * may keep snapshots in this form.
   */
  public static String canonical(AccessRequest request) {
    Json json = new Json();
    request(json, request);
    return json.toString();
  }

  private static void request(Json json, AccessRequest r) {
    json.open()
        .field("id", r.id().value())
        .field("version", r.version())
        .field("requester", r.requester().value())
        .field("resource", r.resource().value())
        .field("role", r.role().value())
        .field("duration", r.duration().toString())
        .field("justification", r.justification())
        .field("ticket", r.ticket())
        .field("status", r.status().name())
        .field("createdAt", r.createdAt().toString())
        .field("approvalDeadline", r.approvalDeadline().toString())
        .field("requiredApprovals", r.requiredApprovals());
    approvals(json, r.approvals());
    json.name("steps").openArray();
    for (GrantStep s : r.steps()) {
      json.open().field("backend", s.backend()).name("target");
      json.map(s.target());
      json.field("principal", s.principal()).close();
    }
    json.closeArray()
        .field("stepsDone", r.stepsDone())
        .field("attempts", r.attempts())
        .field("grantedAt", r.grantedAt())
        .field("expiresAt", r.expiresAt())
        .field("nextDeadline", r.nextDeadline())
        .field("decidedBy", r.decidedBy().map(UserId::value))
        .field("reason", r.reason())
        .name("handledKeys");
    Map<String, String> keys = new TreeMap<>();
    r.handledKeys().forEach((k, v) -> keys.put(k, v.name()));
    json.map(keys);
    // Written only when present, so records from before break-glass and extensions keep their
    // bytes.
    r.breakGlass().ifPresent(b -> breakGlass(json.name("breakGlass"), b));
    r.extension().ifPresent(x -> extension(json.name("extension"), x));
    if (!r.extendedBy().isZero()) {
      json.field("extendedBy", r.extendedBy().toString());
    }
    if (r.holder().isPresent()) {
      // Only when present: records written before leases had holders hash as they always did.
      json.field("holder", r.holder().get());
    }
    json.close();
  }

  private static void breakGlass(Json json, BreakGlass b) {
    json.open()
        .field("announceChannel", b.announceChannel())
        .field("onCall", b.onCall().map(GroupId::value))
        .field("reviewWithin", b.reviewWithin().toString())
        .field("escalateEvery", b.escalateEvery().toString())
        .field("reviewDue", b.reviewDue())
        .name("review");
    if (b.review().isPresent()) {
      BreakGlass.Review v = b.review().get();
      json.open()
          .field("reviewer", v.reviewer().value())
          .field("verdict", v.verdict().name())
          .field("comment", v.comment())
          .field("at", v.at().toString())
          .close();
    } else {
      json.nul();
    }
    json.field("escalations", b.escalations()).close();
  }

  private static void extension(Json json, Extension x) {
    json.open()
        .field("by", x.by().toString())
        .field("askedAt", x.askedAt().toString())
        .field("deadline", x.deadline().toString())
        .field("requiredApprovals", x.requiredApprovals());
    approvals(json, x.approvals());
    json.close();
  }

  private static void approvals(Json json, List<Approval> approvals) {
    json.name("approvals").openArray();
    for (Approval a : approvals) {
      json.open().field("approver", a.approver().value()).field("at", a.at().toString()).close();
    }
    json.closeArray();
  }

  /** A minimal writer for the canonical form; not a general JSON library. */
  private static final class Json {
    private final StringBuilder out = new StringBuilder(1024);
    private boolean first = true;

    Json open() {
      comma();
      out.append('{');
      first = true;
      return this;
    }

    Json close() {
      out.append('}');
      first = false;
      return this;
    }

    Json openArray() {
      comma();
      out.append('[');
      first = true;
      return this;
    }

    Json closeArray() {
      out.append(']');
      first = false;
      return this;
    }

    /** Writes a member name; the value that follows must not add a comma. */
    Json name(String name) {
      comma();
      string(name);
      out.append(':');
      first = true;
      return this;
    }

    Json field(String name, String value) {
      name(name);
      first = false;
      string(value);
      return this;
    }

    Json field(String name, long value) {
      name(name);
      first = false;
      out.append(value);
      return this;
    }

    Json field(String name, Optional<?> value) {
      name(name);
      first = false;
      if (value.isPresent()) {
        string(value.get().toString());
      } else {
        out.append("null");
      }
      return this;
    }

    Json nul() {
      first = false;
      out.append("null");
      return this;
    }

    Json map(Map<String, String> map) {
      open();
      new TreeMap<>(map).forEach(this::field);
      return close();
    }

    private void comma() {
      if (!first) {
        out.append(',');
      }
      first = false;
    }

    private void string(String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20 || c == 0x2028 || c == 0x2029 || loneSurrogate(s, i)) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }

    /**
     * A surrogate without its partner would turn into '?' in UTF-8, so two texts could hash alike.
     */
    private static boolean loneSurrogate(String s, int i) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
      }
      if (Character.isLowSurrogate(c)) {
        return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
      }
      return false;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
