package dev.jit.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The summary figures recomputed from the CSV rows alone, as docs/report.md says they are computed:
 * what a reader with a spreadsheet would get. Empty text for a figure with nothing to measure.
 */
final class CsvFigures {
  private CsvFigures() {}

  static Map<String, String> of(List<Map<String, String>> rows) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("requests", count(rows, r -> true));
    f.put("approved", count(rows, r -> !r.get("approved_at").isEmpty()));
    seconds(f, "approval", rows, "approval_seconds");
    f.put("denied", count(rows, r -> r.get("outcome").equals("DENIED")));
    f.put("timed_out", count(rows, r -> r.get("outcome").equals("TIMED_OUT")));
    f.put("cancelled", count(rows, r -> r.get("outcome").equals("CANCELLED")));
    f.put("granted", count(rows, r -> !r.get("granted_at").isEmpty()));
    f.put("grant_failed", count(rows, r -> !r.get("grant_failure").isEmpty()));
    f.put("revoked_early", count(rows, r -> r.get("removal_trigger").equals("revocation")));
    f.put("escalated", count(rows, r -> !r.get("escalated_at").isEmpty()));
    f.put("break_glass", count(rows, r -> r.get("break_glass").equals("true")));
    f.put(
        "break_glass_not_justified",
        count(rows, r -> r.get("review_verdict").equals("NOT_JUSTIFIED")));
    f.put(
        "break_glass_review_overdue",
        count(rows, r -> r.get("review_overdue_at_end").equals("true")));
    f.put("extensions_granted", sum(rows, "extensions_granted"));
    f.put("extensions_refused", sum(rows, "extensions_refused"));
    seconds(f, "removal_lateness", rows, "removal_lateness_seconds");
    f.put("held_at_end", count(rows, r -> r.get("may_hold_access_at_end").equals("true")));
    f.put("overdue_at_end", count(rows, r -> r.get("overdue_at_end").equals("true")));
    return f;
  }

  private static String count(List<Map<String, String>> rows, Predicate<Map<String, String>> p) {
    return String.valueOf(rows.stream().filter(p).count());
  }

  private static String sum(List<Map<String, String>> rows, String column) {
    return String.valueOf(rows.stream().mapToLong(r -> Long.parseLong(r.get(column))).sum());
  }

  private static void seconds(
      Map<String, String> f, String key, List<Map<String, String>> rows, String column) {
    long[] v =
        rows.stream()
            .map(r -> r.get(column))
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .sorted()
            .toArray();
    f.put(key + "_median_seconds", nearestRank(v, 0.5));
    f.put(key + "_p90_seconds", nearestRank(v, 0.9));
    f.put(key + "_max_seconds", v.length == 0 ? "" : String.valueOf(v[v.length - 1]));
  }

  private static String nearestRank(long[] v, double p) {
    if (v.length == 0) {
      return "";
    }
    int rank = (int) Math.ceil(p * v.length);
    return String.valueOf(v[Math.max(1, rank) - 1]);
  }
}
