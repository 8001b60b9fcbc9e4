package dev.jit.report;

import dev.jit.report.internal.Trail;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The evidence of one period, for an access review: every request that had a record in the period
 * or was still open as it began, as the audit trail tells it up to the period's end, the summary
 * figures, and the audit verification result.
 *
 * @param lastSequenceInPeriod the highest sequence of a record in the period, for telling whether a
 *     signed checkpoint covers it
 */
public record EvidenceReport(
    ReportPeriod period,
    Instant generatedAt,
    Verification verification,
    List<RequestFacts> requests,
    List<Figure> summary,
    OptionalLong lastSequenceInPeriod) {
  private static final int PAGE = 1000;

  public EvidenceReport {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(verification, "verification");
    requests = List.copyOf(requests);
    summary = List.copyOf(summary);
    Objects.requireNonNull(lastSequenceInPeriod, "lastSequenceInPeriod");
  }

  /**
   * Reads {@code log} from the first record, in pages, and folds each request's records. Requests
   * are listed by submission time, then id.
   */
  public static EvidenceReport collect(
      AuditLog log, ReportPeriod period, Verification verification, Instant generatedAt) {
    Map<RequestId, Trail> trails = new LinkedHashMap<>();
    long next = 1;
    long lastInPeriod = 0;
    while (true) {
      List<AuditRecord> page = log.read(next, PAGE);
      for (AuditRecord r : page) {
        trails.computeIfAbsent(r.entry().request().id(), id -> new Trail(period)).add(r);
        if (period.contains(r.entry().at())) {
          lastInPeriod = Math.max(lastInPeriod, r.sequence());
        }
        next = r.sequence() + 1;
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    List<RequestFacts> requests =
        trails.values().stream()
            .filter(Trail::belongs)
            .map(Trail::facts)
            .sorted(
                Comparator.comparing(RequestFacts::submittedAt).thenComparing(f -> f.id().value()))
            .toList();
    return new EvidenceReport(
        period,
        generatedAt,
        verification,
        requests,
        Summary.of(requests),
        lastInPeriod == 0 ? OptionalLong.empty() : OptionalLong.of(lastInPeriod));
  }

  /** The figure named {@code key}. */
  public Figure figure(String key) {
    return summary.stream()
        .filter(f -> f.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no figure " + key));
  }

  /** Whether the latest signed checkpoint vouches for every record of the period. */
  public boolean checkpointCoversPeriod() {
    return verification
        .latestCheckpoint()
        .map(
            c -> lastSequenceInPeriod.isEmpty() || c.sequence() >= lastSequenceInPeriod.getAsLong())
        .orElse(false);
  }
}
