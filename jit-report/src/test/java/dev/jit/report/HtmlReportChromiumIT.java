package dev.jit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report opened in a real headless Chromium, compared with the CSV of the same report. */
class HtmlReportChromiumIT {
  private static final Pattern FIGURE =
      Pattern.compile("<dd data-figure=\"([a-z0-9_]+)\" data-value=\"(-?[0-9]*)\">([^<]*)</dd>");
  private static final Pattern BAR = Pattern.compile("<rect class=\"bar[^\"]*\"[^>]*>");
  private static final Pattern SVG =
      Pattern.compile("<svg class=\"timeline\"[^>]*data-resource=\"([^\"]+)\"");

  @TempDir static Path dir;
  private static EvidenceReport report;
  private static List<Map<String, String>> csv;
  private static Path page;
  private static String dom;

  @BeforeAll
  static void open() throws Exception {
    report = new SeededPeriod().report();
    csv = Csv.records(CsvReportTest.csv(report));
    page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.page(report), StandardCharsets.UTF_8);
    dom = Chromium.dumpDom(page);
  }

  @Test
  @DisplayName("the page opens in Chromium with the period, the verification and its sections")
  void opens() {
    assertThat(dom)
        .contains("<title>jit access report 2026-11-25 09:30Z to 2026-11-25 11:30Z</title>")
        .contains("data-intact=\"true\"")
        .contains(report.verification().statement())
        .contains("id=\"summary\"", "id=\"timeline\"", "id=\"break-glass\"", "id=\"requests\"");
    for (String table : dom.split("<table>")) {
      if (table.contains("</thead>")) {
        int heads = count(table.substring(0, table.indexOf("</thead>")), "<th>");
        for (String row : table.substring(table.indexOf("<tbody>")).split("<tr")) {
          if (row.contains("<td")) {
            assertThat(count(row, "<td")).as("cells under %s headings", heads).isEqualTo(heads);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("every summary figure on the page is the one recomputed from the CSV")
  void figuresMatchTheCsv() {
    Map<String, String> shown = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(dom);
    while (m.find()) {
      shown.put(m.group(1), m.group(2));
      if (!m.group(1).endsWith("_seconds")) {
        assertThat(m.group(3)).as(m.group(1)).isEqualTo(m.group(2));
      }
    }
    assertThat(shown).containsExactlyEntriesOf(CsvFigures.of(csv));
    assertThat(shown.get("requests")).isEqualTo(String.valueOf(csv.size()));
  }

  @Test
  @DisplayName(
      "the timeline has one bar per request that held access, from its first step to its removal"
          + " as in the CSV, under its resource")
  void timelineMatchesTheCsv() {
    Set<String> resources = new TreeSet<>();
    Matcher s = SVG.matcher(dom);
    while (s.find()) {
      resources.add(s.group(1));
    }
    assertThat(resources).containsExactly("prod-db", "staging");

    Map<String, String> bars = new LinkedHashMap<>();
    Matcher b = BAR.matcher(dom);
    while (b.find()) {
      bars.put(
          attr(b.group(), "data-request"),
          attr(b.group(), "data-from") + "|" + attr(b.group(), "data-until"));
    }
    Map<String, String> held =
        csv.stream()
            .filter(r -> !r.get("access_from").isEmpty())
            .collect(
                Collectors.toMap(
                    r -> r.get("request_id"),
                    r -> r.get("access_from") + "|" + r.get("removed_at"),
                    (x, y) -> x,
                    LinkedHashMap::new));
    assertThat(bars).isEqualTo(held).hasSize(6);
  }

  @Test
  @DisplayName(
      "the break-glass section lists every break-glass row of the CSV with its verdict and"
          + " escalations, and marks the overdue review")
  void breakGlassMatchesTheCsv() {
    Map<String, String> shown = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile(
                "<tr( class=\"overdue\")? data-break-glass=\"([^\"]+)\" data-verdict=\"([A-Z_]*)\""
                    + " data-escalations=\"([0-9]+)\">")
            .matcher(dom);
    while (m.find()) {
      shown.put(m.group(2), m.group(3) + "|" + m.group(4) + "|" + (m.group(1) != null));
    }
    Map<String, String> expected =
        csv.stream()
            .filter(r -> r.get("break_glass").equals("true"))
            .collect(
                Collectors.toMap(
                    r -> r.get("request_id"),
                    r ->
                        r.get("review_verdict")
                            + "|"
                            + r.get("review_escalations")
                            + "|"
                            + r.get("review_overdue_at_end"),
                    (x, y) -> x,
                    LinkedHashMap::new));
    assertThat(shown).isEqualTo(expected).hasSize(2);
    assertThat(dom).contains("NOT_JUSTIFIED by UO1 2026-11-25 11:15Z: no incident was open");
  }

  @Test
  @DisplayName(
      "text from the trail is shown as text: the markup in a justification makes no element")
  void markupIsText() {
    assertThat(dom).doesNotContain("<script", "<img");
    assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt; &amp; \"quoted\"");
    assertThat(dom)
        .as("no element loads or links anything")
        .doesNotContainPattern("<[a-zA-Z][^>]*\\s(src|href)=");
  }

  @Test
  @DisplayName(
      "its Content-Security-Policy stops a script that got into the page, which runs without it")
  void policyStopsInjectedScript() throws Exception {
    String injected = "<script>document.body.setAttribute('data-pwned','yes')</script></body>";
    String html = HtmlReport.page(report);
    Path withPolicy = dir.resolve("injected.html");
    Files.writeString(withPolicy, html.replace("</body>", injected), StandardCharsets.UTF_8);
    Path withoutPolicy = dir.resolve("injected-no-csp.html");
    Files.writeString(
        withoutPolicy,
        html.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .replace("</body>", injected),
        StandardCharsets.UTF_8);

    assertThat(Chromium.dumpDom(withoutPolicy)).contains("data-pwned=\"yes\"");
    String blocked = Chromium.dumpDom(withPolicy);
    assertThat(blocked).contains("setAttribute('data-pwned'").doesNotContain("data-pwned=\"yes\"");
  }

  @Test
  @DisplayName("Chromium renders a screenshot of the page")
  void screenshot() throws Exception {
    Path png = Path.of(System.getProperty("java.io.tmpdir"), "jit-report-screenshot.png");
    Chromium.screenshot(page, png);
    byte[] head = Files.readAllBytes(png);
    assertThat(head).startsWith(0x89, 'P', 'N', 'G');
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  private static String attr(String tag, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
    return m.find() ? m.group(1) : null;
  }
}
