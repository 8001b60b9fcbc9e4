package dev.jit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.spi.Approval;
import dev.jit.spi.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;

/**
 * The report as JSON Lines: first one {@code "type":"report"} line (period, when it was made, the
 * verification and the summary figures), then one {@code "type":"request"} line per request with
 * every {@link Column} under its name (instants and durations as ISO-8601 strings, none as {@code
 * null}), its approvals and its audit records.
 */
public final class JsonLinesReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLinesReport() {}

  public static void write(EvidenceReport report, Writer out) {
    try {
      line(out, header(report));
      for (RequestFacts r : report.requests()) {
        line(out, request(r));
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(Writer out, ObjectNode node) throws IOException {
    try {
      out.write(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.write('\n');
  }

  static ObjectNode header(EvidenceReport report) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "report");
    n.put("from", report.period().from().toString());
    n.put("to", report.period().to().toString());
    n.put("generatedAt", report.generatedAt().toString());
    Verification v = report.verification();
    ObjectNode verification = n.putObject("verification");
    verification.put("intact", v.intact());
    verification.put("recordsChecked", v.result().recordsChecked());
    if (v.result().firstBrokenSequence().isPresent()) {
      verification.put("firstBrokenSequence", v.result().firstBrokenSequence().get());
    } else {
      verification.putNull("firstBrokenSequence");
    }
    verification.put("statement", v.statement());
    verification.put("checkpointsGiven", v.checkpointsGiven());
    if (v.latestCheckpoint().isPresent()) {
      Checkpoint c = v.latestCheckpoint().get();
      ObjectNode cp = verification.putObject("latestCheckpoint");
      cp.put("sequence", c.sequence());
      cp.put("hash", c.hash());
      cp.put("at", c.at().toString());
      cp.put("keyId", c.keyId());
    } else {
      verification.putNull("latestCheckpoint");
    }
    verification.put("checkpointCoversPeriod", report.checkpointCoversPeriod());
    if (report.lastSequenceInPeriod().isPresent()) {
      n.put("lastSequenceInPeriod", report.lastSequenceInPeriod().getAsLong());
    } else {
      n.putNull("lastSequenceInPeriod");
    }
    ObjectNode summary = n.putObject("summary");
    for (Figure f : report.summary()) {
      if (f.value().isPresent()) {
        summary.put(f.key(), f.value().getAsLong());
      } else {
        summary.putNull(f.key());
      }
    }
    return n;
  }

  static ObjectNode request(RequestFacts r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "request");
    for (Column c : Column.ALL) {
      put(n, c.name(), c.value().apply(r));
    }
    ArrayNode approvals = n.putArray("approvals");
    for (Approval a : r.approvals()) {
      approvals.addObject().put("approver", a.approver().value()).put("at", a.at().toString());
    }
    ArrayNode events = n.putArray("events");
    for (TrailEvent e : r.events()) {
      events
          .addObject()
          .put("sequence", e.sequence())
          .put("at", e.at().toString())
          .put("action", e.action())
          .put("actor", e.actor())
          .put("detail", e.detail())
          .put("status", e.status().name());
    }
    return n;
  }

  private static void put(ObjectNode n, String name, Object v) {
    if (v == null) {
      n.putNull(name);
    } else if (v instanceof Long l) {
      n.put(name, l);
    } else if (v instanceof Boolean b) {
      n.put(name, b);
    } else if (v instanceof Instant || v instanceof Duration || v instanceof String) {
      n.put(name, v.toString());
    } else {
      throw new IllegalArgumentException("column " + name + " has a value of " + v.getClass());
    }
  }
}
