package dev.jit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonLinesReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SeededPeriod SEED = new SeededPeriod();

  static List<JsonNode> lines(EvidenceReport report) throws Exception {
    StringWriter out = new StringWriter();
    JsonLinesReport.write(report, out);
    assertThat(out.toString()).endsWith("\n");
    List<JsonNode> lines = new ArrayList<>();
    for (String l : out.toString().split("\n", -1)) {
      if (!l.isEmpty()) {
        lines.add(JSON.readTree(l));
      }
    }
    return lines;
  }

  @Test
  @DisplayName(
      "the first line is the report: period, verification of the whole log and the summary"
          + " figures")
  void header() throws Exception {
    JsonNode h = lines(SEED.report()).get(0);
    assertThat(h.get("type").asText()).isEqualTo("report");
    assertThat(h.get("from").asText()).isEqualTo("2026-11-25T09:30:00Z");
    assertThat(h.get("to").asText()).isEqualTo("2026-11-25T11:30:00Z");
    assertThat(h.get("generatedAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    JsonNode v = h.get("verification");
    long records = SEED.world.audit.latest().orElseThrow().sequence();
    assertThat(v.get("intact").asBoolean()).isTrue();
    assertThat(v.get("recordsChecked").asLong()).isEqualTo(records);
    assertThat(v.get("statement").asText())
        .startsWith("audit chain intact: " + records + " records verified")
        .contains("no checkpoints given");
    assertThat(v.get("latestCheckpoint").isNull()).isTrue();
    assertThat(v.get("checkpointCoversPeriod").asBoolean()).isFalse();
    assertThat(h.get("summary").get("requests").asLong()).isEqualTo(9);
    assertThat(h.get("summary").get("denied").asLong()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "each request line has every CSV column, unguarded, and exactly its audit records up to the"
          + " period's end")
  void requestsMatchTheTrail() throws Exception {
    List<JsonNode> lines = lines(SEED.report());
    List<Map<String, String>> csv = Csv.records(CsvReportTest.csv(SEED.report()));
    assertThat(lines).hasSize(1 + csv.size());
    for (int i = 0; i < csv.size(); i++) {
      JsonNode line = lines.get(i + 1);
      assertThat(line.get("type").asText()).isEqualTo("request");
      for (Column c : Column.ALL) {
        String cell = csv.get(i).get(c.name());
        JsonNode value = line.get(c.name());
        String text = value.isNull() ? "" : value.asText();
        assertThat(CsvReport.cell(text, c.text())).as(c.name()).isEqualTo(cell);
      }
      RequestId id = new RequestId(line.get("request_id").asText());
      List<AuditRecord> trail = SEED.trail(id);
      JsonNode events = line.get("events");
      assertThat(events).hasSize(trail.size());
      for (int e = 0; e < trail.size(); e++) {
        AuditRecord r = trail.get(e);
        JsonNode ev = events.get(e);
        assertThat(ev.get("sequence").asLong()).isEqualTo(r.sequence());
        assertThat(ev.get("at").asText()).isEqualTo(r.entry().at().toString());
        assertThat(ev.get("action").asText()).isEqualTo(r.entry().action());
        assertThat(ev.get("actor").asText()).isEqualTo(r.entry().actor());
        assertThat(ev.get("detail").asText()).isEqualTo(r.entry().detail());
        assertThat(ev.get("status").asText()).isEqualTo(r.entry().request().status().name());
      }
    }
    JsonNode timedOut =
        lines.stream()
            .filter(l -> l.path("request_id").asText().equals(SEED.timedOut.value()))
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.get("justification").asText()).isEqualTo(SeededPeriod.FORMULA);
    assertThat(timedOut.get("approval_seconds").isNull()).isTrue();
  }

  @Test
  @DisplayName("numbers are JSON numbers and flags JSON booleans")
  void types() throws Exception {
    JsonNode expired = lines(SEED.report()).get(1);
    assertThat(expired.get("approval_seconds").isNumber()).isTrue();
    assertThat(expired.get("required_approvals").asInt()).isEqualTo(2);
    assertThat(expired.get("overdue_at_end").isBoolean()).isTrue();
    assertThat(expired.get("approvals").get(1).get("approver").asText()).isEqualTo("UO2");
  }
}
