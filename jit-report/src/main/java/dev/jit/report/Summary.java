package dev.jit.report;

import dev.jit.report.Figure.Unit;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.RequestStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The summary figures of a report, each computed from its request rows alone, so anyone can
 * recompute them from the CSV. Percentiles are nearest-rank: the p-th of n sorted values is the one
 * at rank ⌈p·n/100⌉; the median is the 50th.
 */
public final class Summary {
  private Summary() {}

  public static List<Figure> of(List<RequestFacts> requests) {
    List<Figure> out = new ArrayList<>();
    out.add(count("requests", "Requests", requests, r -> true));
    out.add(count("approved", "Approved", requests, r -> r.approvedAt().isPresent()));
    seconds(out, "approval", "Time to approval", requests, RequestFacts::approvalTime);
    out.add(count("denied", "Denied", requests, r -> r.outcome() == RequestStatus.DENIED));
    out.add(count("timed_out", "Timed out", requests, r -> r.outcome() == RequestStatus.TIMED_OUT));
    out.add(count("cancelled", "Cancelled", requests, r -> r.outcome() == RequestStatus.CANCELLED));
    out.add(count("granted", "Access granted", requests, r -> r.grantedAt().isPresent()));
    out.add(count("grant_failed", "Grants failed", requests, r -> !r.grantFailure().isEmpty()));
    out.add(
        count(
            "revoked_early",
            "Revoked early",
            requests,
            r ->
                r.removal()
                    .filter(m -> m.trigger() == RequestFacts.Trigger.REVOCATION)
                    .isPresent()));
    out.add(count("escalated", "Escalated", requests, r -> r.escalatedAt().isPresent()));
    out.add(count("break_glass", "Break-glass uses", requests, r -> r.breakGlass().isPresent()));
    out.add(
        count(
            "break_glass_not_justified",
            "Break-glass not justified",
            requests,
            r -> verdict(r, BreakGlass.Verdict.NOT_JUSTIFIED)));
    out.add(
        count(
            "break_glass_review_overdue",
            "Break-glass reviews overdue",
            requests,
            r ->
                r.breakGlass().filter(RequestFacts.BreakGlassUse::reviewOverdueAtEnd).isPresent()));
    out.add(
        sum("extensions_granted", "Extensions granted", requests, r -> r.extensions().granted()));
    out.add(
        sum("extensions_refused", "Extensions refused", requests, r -> r.extensions().refused()));
    seconds(out, "removal_lateness", "Removal lateness", requests, RequestFacts::removalLateness);
    out.add(
        count(
            "held_at_end",
            "Access may be held at the end",
            requests,
            RequestFacts::mayHoldAccessAtEnd));
    out.add(
        count(
            "overdue_at_end",
            "Access past its end at the end",
            requests,
            RequestFacts::overdueAtEnd));
    return List.copyOf(out);
  }

  private static boolean verdict(RequestFacts r, BreakGlass.Verdict v) {
    return r.breakGlass()
        .flatMap(RequestFacts.BreakGlassUse::review)
        .filter(x -> x.verdict() == v)
        .isPresent();
  }

  private static Figure sum(
      String key,
      String label,
      List<RequestFacts> requests,
      java.util.function.ToIntFunction<RequestFacts> n) {
    return new Figure(
        key, label, Unit.COUNT, OptionalLong.of(requests.stream().mapToLong(n::applyAsInt).sum()));
  }

  private static Figure count(
      String key, String label, List<RequestFacts> requests, Predicate<RequestFacts> which) {
    return new Figure(
        key, label, Unit.COUNT, OptionalLong.of(requests.stream().filter(which).count()));
  }

  private static void seconds(
      List<Figure> out,
      String key,
      String label,
      List<RequestFacts> requests,
      Function<RequestFacts, Optional<Duration>> measure) {
    long[] sorted =
        requests.stream()
            .map(measure)
            .flatMap(Optional::stream)
            .mapToLong(Duration::getSeconds)
            .sorted()
            .toArray();
    out.add(
        new Figure(key + "_median_seconds", label + ", median", Unit.SECONDS, rank(sorted, 50)));
    out.add(
        new Figure(
            key + "_p90_seconds", label + ", 90th percentile", Unit.SECONDS, rank(sorted, 90)));
    out.add(
        new Figure(
            key + "_max_seconds",
            label + ", longest",
            Unit.SECONDS,
            sorted.length == 0
                ? OptionalLong.empty()
                : OptionalLong.of(sorted[sorted.length - 1])));
  }

  /** Nearest-rank percentile of sorted values. */
  static OptionalLong rank(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return OptionalLong.empty();
    }
    int rank = (int) Math.ceil(percentile * sorted.length / 100.0);
    return OptionalLong.of(sorted[Math.max(rank, 1) - 1]);
  }
}
