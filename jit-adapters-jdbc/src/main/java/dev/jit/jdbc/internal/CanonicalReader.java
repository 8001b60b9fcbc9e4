package dev.jit.jdbc.internal;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import dev.jit.spi.GrantStep;
import dev.jit.spi.GroupId;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an audit record straight from the UTF-8 bytes of its canonical form ({@link
 * dev.jit.spi.AuditChain}) in one pass: members in their fixed order, no whitespace, strings with
 * JSON's escapes. Anything else (another order, an unknown member, a number or escape the canonical
 * form never writes) is not read here: {@link #record} answers {@code null} and {@link Snapshots}
 * reads the text with Jackson, so every text decodes to what Jackson makes of it. One reader is
 * used by one thread; it keeps the durations, ids and steps it made, which repeat from record to
 * record, and hands out the same instance again (they are immutable values), which spares their
 * checks and makes comparing them cheap.
 */
public final class CanonicalReader {
  /** Thrown where the text leaves the canonical form; carries no stack. */
  private static final RuntimeException NOT_CANONICAL =
      new RuntimeException("not canonical", null, false, false) {};

  private final Map<String, Duration> durations = new HashMap<>();
  private final Map<String, UserId> users = new HashMap<>();
  private final Map<String, RequestId> ids = new HashMap<>();
  private final Map<String, ResourceId> resources = new HashMap<>();
  private final Map<String, RoleName> roles = new HashMap<>();
  private final Map<List<Object>, GrantStep> steps = new HashMap<>();
  private byte[] b;
  private int i;

  /**
   * The record stored as the UTF-8 text {@code utf8} with {@code hash} beside it: read here when
   * the text is canonical, else by {@link Snapshots#decodeRecord}.
   */
  public AuditRecord decode(byte[] utf8, String hash) {
    AuditRecord r = record(utf8, hash);
    return r != null ? r : Snapshots.decodeRecord(new String(utf8, StandardCharsets.UTF_8), hash);
  }

  /** The record in {@code utf8} with {@code hash}, or {@code null} when it is not canonical. */
  AuditRecord record(byte[] utf8, String hash) {
    b = utf8;
    i = 0;
    try {
      long sequence = number("{\"sequence\":");
      String previousHash = string(",\"previousHash\":");
      Instant at = instant(",\"at\":");
      String action = string(",\"action\":");
      String actor = string(",\"actor\":");
      String detail = string(",\"detail\":");
      expect(",\"request\":");
      AccessRequest request = request();
      expect("}");
      if (i != b.length) {
        return null;
      }
      return new AuditRecord(
          sequence, new AuditEntry(at, action, actor, detail, request), previousHash, hash);
    } catch (RuntimeException e) {
      // NOT_CANONICAL, an index past the end, or a value a constructor refuses: Jackson decides
      return null;
    } finally {
      b = null;
    }
  }

  private AccessRequest request() {
    AccessRequest.Builder r =
        new AccessRequest.Builder()
            .id(ids.computeIfAbsent(string("{\"id\":"), RequestId::new))
            .version(number(",\"version\":"))
            .requester(user(string(",\"requester\":")))
            .resource(resources.computeIfAbsent(string(",\"resource\":"), ResourceId::new))
            .role(roles.computeIfAbsent(string(",\"role\":"), RoleName::new))
            .duration(duration(",\"duration\":"))
            .justification(string(",\"justification\":"))
            .ticket(string(",\"ticket\":"))
            .status(RequestStatus.valueOf(string(",\"status\":")))
            .createdAt(instant(",\"createdAt\":"))
            .approvalDeadline(instant(",\"approvalDeadline\":"))
            .requiredApprovals(integer(",\"requiredApprovals\":"))
            .approvals(approvals(",\"approvals\":["));
    List<GrantStep> steps = new ArrayList<>();
    expect(",\"steps\":[");
    if (!take(']')) {
      do {
        String backend = string("{\"backend\":");
        expect(",\"target\":");
        Map<String, String> target = strings();
        String principal = string(",\"principal\":");
        steps.add(
            this.steps.computeIfAbsent(
                List.of(backend, target, principal),
                k -> new GrantStep(backend, target, principal)));
        expect("}");
      } while (take(','));
      expect("]");
    }
    r.steps(steps)
        .stepsDone(integer(",\"stepsDone\":"))
        .attempts(integer(",\"attempts\":"))
        .grantedAt(optionalInstant(",\"grantedAt\":"))
        .expiresAt(optionalInstant(",\"expiresAt\":"))
        .nextDeadline(optionalInstant(",\"nextDeadline\":"))
        .decidedBy(optionalString(",\"decidedBy\":").map(this::user))
        .reason(string(",\"reason\":"));
    expect(",\"handledKeys\":");
    Map<String, RequestStatus> keys = new LinkedHashMap<>();
    strings().forEach((k, v) -> keys.put(k, RequestStatus.valueOf(v)));
    r.handledKeys(keys);
    if (at(",\"breakGlass\":")) {
      r.breakGlass(Optional.of(breakGlass()));
    }
    if (at(",\"extension\":")) {
      r.extension(Optional.of(extension()));
    }
    if (at(",\"extendedBy\":")) {
      r.extendedBy(duration(""));
    }
    if (at(",\"holder\":")) {
      r.holder(Optional.of(string("")));
    }
    expect("}");
    return r.build();
  }

  private BreakGlass breakGlass() {
    String channel = string("{\"announceChannel\":");
    Optional<GroupId> onCall = optionalString(",\"onCall\":").map(GroupId::new);
    Duration within = duration(",\"reviewWithin\":");
    Duration every = duration(",\"escalateEvery\":");
    Optional<Instant> due = optionalInstant(",\"reviewDue\":");
    expect(",\"review\":");
    Optional<BreakGlass.Review> review = Optional.empty();
    if (!at("null")) {
      UserId reviewer = user(string("{\"reviewer\":"));
      BreakGlass.Verdict verdict = BreakGlass.Verdict.valueOf(string(",\"verdict\":"));
      String comment = string(",\"comment\":");
      review = Optional.of(new BreakGlass.Review(reviewer, verdict, comment, instant(",\"at\":")));
      expect("}");
    }
    int escalations = integer(",\"escalations\":");
    expect("}");
    return new BreakGlass(channel, onCall, within, every, due, review, escalations);
  }

  private Extension extension() {
    Duration by = duration("{\"by\":");
    Instant askedAt = instant(",\"askedAt\":");
    Instant deadline = instant(",\"deadline\":");
    int required = integer(",\"requiredApprovals\":");
    List<Approval> approvals = approvals(",\"approvals\":[");
    expect("}");
    return new Extension(by, askedAt, deadline, required, approvals);
  }

  private List<Approval> approvals(String opening) {
    expect(opening);
    List<Approval> out = new ArrayList<>(2);
    if (take(']')) {
      return out;
    }
    do {
      UserId approver = user(string("{\"approver\":"));
      out.add(new Approval(approver, instant(",\"at\":")));
      expect("}");
    } while (take(','));
    expect("]");
    return out;
  }

  /** A JSON object of strings, in the order written. */
  private Map<String, String> strings() {
    expect("{");
    Map<String, String> out = new LinkedHashMap<>();
    if (take('}')) {
      return out;
    }
    do {
      String key = string("");
      expect(":");
      out.put(key, string(""));
    } while (take(','));
    expect("}");
    return out;
  }

  private UserId user(String id) {
    return users.computeIfAbsent(id, UserId::new);
  }

  // ---- tokens

  /** Whether the text continues with {@code literal} (ASCII); if so, moves past it. */
  private boolean at(String literal) {
    int n = literal.length();
    if (i + n > b.length) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != literal.charAt(k)) {
        return false;
      }
    }
    i += n;
    return true;
  }

  private void expect(String literal) {
    if (!at(literal)) {
      throw NOT_CANONICAL;
    }
  }

  private boolean take(char c) {
    if (i < b.length && b[i] == c) {
      i++;
      return true;
    }
    return false;
  }

  /** {@code -?(0|[1-9][0-9]*)}, at most 18 digits: how {@code Long.toString} writes. */
  private long number(String name) {
    expect(name);
    boolean negative = take('-');
    int start = i;
    long v = 0;
    while (i < b.length && b[i] >= '0' && b[i] <= '9') {
      v = v * 10 + (b[i++] - '0');
    }
    int digits = i - start;
    if (digits == 0 || digits > 18 || (b[start] == '0' && (digits > 1 || negative))) {
      throw NOT_CANONICAL;
    }
    return negative ? -v : v;
  }

  private int integer(String name) {
    long v = number(name);
    if (v != (int) v) {
      throw NOT_CANONICAL;
    }
    return (int) v;
  }

  private Optional<String> optionalString(String name) {
    expect(name);
    return at("null") ? Optional.empty() : Optional.of(string(""));
  }

  private Optional<Instant> optionalInstant(String name) {
    expect(name);
    return at("null") ? Optional.empty() : Optional.of(instant(""));
  }

  private Duration duration(String name) {
    return durations.computeIfAbsent(string(name), Duration::parse);
  }

  /**
   * {@code Instant.parse} of a string value: {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a year of
   * four digits is read here, anything else by {@code Instant.parse} itself.
   */
  private Instant instant(String name) {
    expect(name);
    int s = i + 1;
    if (i + 22 <= b.length
        && b[i] == '"'
        && b[s + 4] == '-'
        && b[s + 7] == '-'
        && b[s + 10] == 'T'
        && b[s + 13] == ':'
        && b[s + 16] == ':') {
      int year = digits(s, 4);
      int month = digits(s + 5, 2);
      int day = digits(s + 8, 2);
      int hour = digits(s + 11, 2);
      int minute = digits(s + 14, 2);
      int second = digits(s + 17, 2);
      int end = s + 19;
      int nanos = 0;
      if (end < b.length && b[end] == '.') {
        int f = end + 1;
        while (end + 1 < b.length && b[end + 1] >= '0' && b[end + 1] <= '9') {
          end++;
        }
        int n = end - f + 1;
        nanos = n >= 1 && n <= 9 ? digits(f, n) * POW10[9 - n] : -1;
        end++;
      }
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= 31
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 59
          && nanos >= 0
          && end + 1 < b.length
          && b[end] == 'Z'
          && b[end + 1] == '"') {
        i = end + 2;
        // a day the month lacks throws, and the record is left to Jackson (which refuses it too)
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600 + minute * 60 + second, nanos);
      }
    }
    return Instant.parse(string(""));
  }

  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  /** The number in {@code n} ASCII digits at {@code from}, or -1. */
  private int digits(int from, int n) {
    int v = 0;
    for (int k = from; k < from + n; k++) {
      int d = b[k] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * A JSON string after {@code name}: raw UTF-8 and the escapes {@code \" \\ \n \r \t \\uXXXX}; a
   * control character or another escape is not canonical.
   */
  private String string(String name) {
    expect(name);
    if (!take('"')) {
      throw NOT_CANONICAL;
    }
    int start = i;
    boolean ascii = true;
    while (true) {
      byte c = b[i];
      if (c == '"') {
        String s =
            new String(
                b, start, i - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        i++;
        return s;
      }
      if (c == '\\') {
        return escaped(start);
      }
      if (c >= 0 && c < 0x20) {
        throw NOT_CANONICAL;
      }
      ascii &= c >= 0;
      i++;
    }
  }

  /** The rest of a string from {@code start} that has escapes, the first at {@code i}. */
  private String escaped(int start) {
    StringBuilder out = new StringBuilder(i - start + 16);
    int run = start;
    while (true) {
      byte c = b[i];
      if (c == '"' || c == '\\') {
        out.append(new String(b, run, i - run, StandardCharsets.UTF_8));
        if (c == '"') {
          i++;
          return out.toString();
        }
        char e = (char) b[i + 1];
        switch (e) {
          case '"', '\\' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> out.append((char) hex(i + 2));
          default -> throw NOT_CANONICAL;
        }
        i += e == 'u' ? 6 : 2;
        run = i;
      } else if (c >= 0 && c < 0x20) {
        throw NOT_CANONICAL;
      } else {
        i++;
      }
    }
  }

  private int hex(int from) {
    int v = 0;
    for (int k = from; k < from + 4; k++) {
      int d = Character.digit(b[k], 16);
      if (d < 0) {
        throw NOT_CANONICAL;
      }
      v = v * 16 + d;
    }
    return v;
  }
}
