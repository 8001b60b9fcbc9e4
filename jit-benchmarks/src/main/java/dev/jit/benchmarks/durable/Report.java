package dev.jit.benchmarks.durable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The harness's table: each figure beside its same-run baseline, the ratio, and the target. */
final class Report {
  /** One line; {@code met} is empty where the figure has no target of its own. */
  record Row(
      String figure,
      String value,
      String baseline,
      double ratio,
      String target,
      Optional<Boolean> met) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  synchronized void row(
      String figure, String value, String baseline, double ratio, String target, Boolean met) {
    Row r = new Row(figure, value, baseline, ratio, target, Optional.ofNullable(met));
    rows.add(r);
    System.out.printf(
        "  %s: %s (baseline %s, ratio %.3f)%s%n",
        figure, value, baseline, ratio, target.isEmpty() ? "" : " target " + target);
  }

  synchronized void note(String text) {
    notes.add(text);
    System.out.println("  note: " + text);
  }

  /** The table in Markdown, to paste into the README. */
  synchronized String table() {
    StringBuilder out = new StringBuilder();
    out.append("| Figure | Value | Baseline (same run) | Ratio | Target | Met? |\n");
    out.append("|---|---:|---:|---:|---|---|\n");
    for (Row r : rows) {
      out.append(
          String.format(
              "| %s | %s | %s | %.3f | %s | %s |%n",
              r.figure(),
              r.value(),
              r.baseline(),
              r.ratio(),
              r.target(),
              r.met().map(m -> m ? "yes" : "**no**").orElse("")));
    }
    for (String n : notes) {
      out.append("\n- ").append(n);
    }
    return out.append('\n').toString();
  }
}
