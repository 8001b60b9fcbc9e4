package dev.jit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReportDocsTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9_]+)`");

  private static String section(String docs, String heading) {
    int from = docs.indexOf("\n## " + heading + "\n");
    assertThat(from).as("docs/report.md has a section " + heading).isNotNegative();
    int to = docs.indexOf("\n## ", from + 1);
    return docs.substring(from, to < 0 ? docs.length() : to);
  }

  @Test
  @DisplayName("docs/report.md lists every column, in order, and nothing else")
  void columns() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "report.md"));
    List<String> documented = new ArrayList<>();
    Matcher m = ROW.matcher(section(docs, "Columns"));
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented)
        .containsExactlyElementsOf(Column.ALL.stream().map(Column::name).toList());
  }

  @Test
  @DisplayName("docs/report.md names every summary figure, in order, and the text columns guarded")
  void figuresAndGuardedColumns() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "report.md"));
    List<String> documented = new ArrayList<>();
    for (String line : section(docs, "Summary figures").split("\n")) {
      if (line.startsWith("| `")) {
        Matcher m = Pattern.compile("`([a-z0-9_]+)`").matcher(line.split("\\|")[1]);
        while (m.find()) {
          documented.add(m.group(1));
        }
      }
    }
    List<String> keys = new SeededPeriod().report().summary().stream().map(Figure::key).toList();
    assertThat(documented).containsExactlyElementsOf(keys);

    String csv = section(docs, "CSV");
    List<String> guarded = new ArrayList<>();
    Matcher g = Pattern.compile("`([a-z_]+)`").matcher(csv.substring(0, csv.indexOf(") that")));
    while (g.find()) {
      guarded.add(g.group(1));
    }
    assertThat(guarded)
        .containsExactlyElementsOf(
            Column.ALL.stream().filter(Column::text).map(Column::name).toList());
  }
}
