package dev.jit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  @DisplayName("every summary figure is what the CSV rows give, recomputed from them alone")
  void figuresFollowFromTheRows() {
    EvidenceReport report = new SeededPeriod().report();
    Map<String, String> figures = new LinkedHashMap<>();
    for (Figure f : report.summary()) {
      figures.put(f.key(), f.value().isPresent() ? String.valueOf(f.value().getAsLong()) : "");
    }
    assertThat(figures)
        .containsExactlyEntriesOf(CsvFigures.of(Csv.records(CsvReportTest.csv(report))));
    assertThat(figures)
        .containsEntry("requests", "9")
        .containsEntry("approved", "6")
        .containsEntry("denied", "1")
        .containsEntry("timed_out", "1")
        .containsEntry("cancelled", "1")
        .containsEntry("granted", "5")
        .containsEntry("grant_failed", "1")
        .containsEntry("revoked_early", "1")
        .containsEntry("escalated", "1")
        .containsEntry("overdue_at_end", "1")
        .containsEntry("break_glass", "2")
        .containsEntry("break_glass_not_justified", "1")
        .containsEntry("break_glass_review_overdue", "1")
        .containsEntry("extensions_granted", "1")
        .containsEntry("extensions_refused", "2");
  }

  @Test
  @DisplayName("percentiles are nearest-rank: the p-th of n sorted values is at rank ⌈p·n/100⌉")
  void nearestRank() {
    long[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(Summary.rank(ten, 50)).isEqualTo(OptionalLong.of(5));
    assertThat(Summary.rank(ten, 90)).isEqualTo(OptionalLong.of(9));
    assertThat(Summary.rank(new long[] {7}, 90)).isEqualTo(OptionalLong.of(7));
    assertThat(Summary.rank(new long[] {1, 9}, 50)).isEqualTo(OptionalLong.of(1));
    assertThat(Summary.rank(new long[0], 50)).isEmpty();
  }
}
