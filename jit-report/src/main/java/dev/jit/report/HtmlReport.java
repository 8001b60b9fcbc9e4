package dev.jit.report;

import static dev.jit.report.internal.Html.esc;

import dev.jit.report.internal.Html;
import dev.jit.report.internal.Timeline;
import dev.jit.spi.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The report as one HTML page for people: the verification result, the summary figures, a timeline
 * per resource of who held access when, and every request with its audit records. Self-contained:
 * inline CSS and SVG, no script, no font, nothing fetched; its Content-Security-Policy allows only
 * its own style sheet, so even text that escaped escaping could not run or load anything. All text
 * from the audit trail is HTML-escaped.
 */
public final class HtmlReport {
  private static final String STYLE =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2430}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:16px 0 4px}
      .muted{color:#5b6473}
      #verification{padding:10px 14px;border-radius:6px}
      #verification.intact{background:#e8f5ec;border:1px solid #7cc08e}
      #verification.broken{background:#fdeaea;border:2px solid #d14343}
      dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:0}
      .figure{border:1px solid #d7dce3;border-radius:6px;padding:8px 10px}
      .figure dt{color:#5b6473;font-size:12px}.figure dd{margin:2px 0 0;font-size:20px;font-weight:600}
      svg.timeline{display:block;max-width:100%;height:auto;background:#fafbfc;border:1px solid #e3e6ea}
      svg text{font:12px system-ui,sans-serif;fill:#1d2430}svg text.who{text-anchor:end}
      svg text.tick{fill:#5b6473;font-size:11px}svg line.tick{stroke:#e3e6ea}
      rect.bar{fill:#3b7dd8}rect.expiry{fill:#3b7dd8}rect.revocation{fill:#8a5cd1}
      rect.rollback{fill:#c98a1b}rect.held{fill:#2f9e5b}rect.overdue{fill:#d14343}
      rect.break-glass{fill:#e07b1f}rect.overdue{fill:#d14343}
      rect.open{stroke:#1d2430;stroke-width:1;stroke-dasharray:4 2}
      tr.overdue td{background:#fdeaea}
      table{border-collapse:collapse;width:100%;font-size:13px}
      th,td{border-bottom:1px solid #e3e6ea;padding:5px 6px;text-align:left;vertical-align:top}
      th{background:#f3f5f7;position:sticky;top:0}
      td.text{white-space:pre-wrap;max-width:280px;overflow-wrap:anywhere}
      .outcome{font-weight:600}.bad{color:#b42323}
      details ol{margin:4px 0;padding-left:20px}
      """;

  private static final String CSP =
      "default-src 'none'; style-src '" + sha256(STYLE) + "'; base-uri 'none'; form-action 'none'";

  private HtmlReport() {}

  public static void write(EvidenceReport report, Writer out) {
    try {
      out.write(page(report));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String page(EvidenceReport report) {
    ReportPeriod p = report.period();
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(esc(CSP))
        .append("\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>jit access report ")
        .append(esc(Html.minute(p.from())))
        .append(" to ")
        .append(esc(Html.minute(p.to())))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    b.append("<header><h1>Access evidence</h1><p class=\"muted\">Period <time datetime=\"")
        .append(p.from())
        .append("\">")
        .append(esc(Html.minute(p.from())))
        .append("</time> up to, not including, <time datetime=\"")
        .append(p.to())
        .append("\">")
        .append(esc(Html.minute(p.to())))
        .append("</time> (UTC); made ")
        .append(esc(Html.minute(report.generatedAt())))
        .append(" from the audit trail.</p></header>\n");
    verification(b, report);
    figures(b, report);
    timelines(b, report);
    breakGlass(b, report);
    requests(b, report);
    return b.append("</body></html>\n").toString();
  }

  private static void verification(StringBuilder b, EvidenceReport report) {
    Verification v = report.verification();
    b.append("<section id=\"verification\" class=\"")
        .append(v.intact() ? "intact" : "broken")
        .append("\" data-intact=\"")
        .append(v.intact())
        .append("\"><h2>Audit verification</h2><p id=\"statement\">")
        .append(esc(v.statement()))
        .append("</p>");
    Optional<Checkpoint> c = v.latestCheckpoint();
    if (c.isPresent()) {
      b.append("<p id=\"checkpoint\" data-sequence=\"")
          .append(c.get().sequence())
          .append("\">Latest signed checkpoint: record ")
          .append(c.get().sequence())
          .append(", hash <code>")
          .append(esc(c.get().hash()))
          .append("</code>, signed ")
          .append(esc(Html.minute(c.get().at())))
          .append(" with key <code>")
          .append(esc(c.get().keyId()))
          .append("</code>. ")
          .append(
              report.checkpointCoversPeriod()
                  ? "It vouches for every record of this period."
                  : "Records of this period after it are not vouched for by a signed checkpoint.")
          .append("</p>");
    } else {
      b.append("<p id=\"checkpoint\" data-sequence=\"\">No signed checkpoint was checked.</p>");
    }
    b.append("</section>\n");
  }

  private static void figures(StringBuilder b, EvidenceReport report) {
    b.append("<section id=\"summary\"><h2>Summary</h2><dl class=\"figures\">");
    for (Figure f : report.summary()) {
      OptionalLong v = f.value();
      b.append("<div class=\"figure\"><dt>")
          .append(esc(f.label()))
          .append("</dt><dd data-figure=\"")
          .append(esc(f.key()))
          .append("\" data-value=\"")
          .append(v.isPresent() ? String.valueOf(v.getAsLong()) : "")
          .append("\">")
          .append(
              f.unit() == Figure.Unit.SECONDS
                  ? esc(Html.seconds(v))
                  : v.isPresent() ? String.valueOf(v.getAsLong()) : "—")
          .append("</dd></div>");
    }
    b.append("</dl></section>\n");
  }

  private static void timelines(StringBuilder b, EvidenceReport report) {
    b.append("<section id=\"timeline\"><h2>Who held what, when</h2>")
        .append("<p class=\"muted\">One bar per request, from its first applied step to the")
        .append(" removal of its last; a dashed bar was not removed by the period's end, a red")
        .append(" one should have been.</p>");
    Map<String, List<RequestFacts>> byResource =
        report.requests().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.resource().value(), java.util.TreeMap::new, Collectors.toList()));
    for (Map.Entry<String, List<RequestFacts>> e : byResource.entrySet()) {
      List<RequestFacts> held =
          e.getValue().stream().filter(r -> Timeline.heldIn(r, report.period())).toList();
      b.append("<h3>").append(esc(e.getKey())).append("</h3>");
      if (held.isEmpty()) {
        b.append("<p class=\"muted\">No access held in this period.</p>");
      } else {
        b.append(Timeline.svg(e.getKey(), held, report.period()));
      }
    }
    if (byResource.isEmpty()) {
      b.append("<p class=\"muted\">No request in this period.</p>");
    }
    b.append("</section>\n");
  }

  private static void breakGlass(StringBuilder b, EvidenceReport report) {
    List<RequestFacts> uses =
        report.requests().stream().filter(r -> r.breakGlass().isPresent()).toList();
    b.append("<section id=\"break-glass\"><h2>Break-glass uses and their reviews</h2>");
    if (uses.isEmpty()) {
      b.append("<p class=\"muted\">No break-glass use in this period.</p></section>\n");
      return;
    }
    b.append("<table><thead><tr>");
    for (String h :
        List.of(
            "Requester",
            "Resource · role",
            "Incident",
            "Let through by",
            "Access held",
            "Review due",
            "Review",
            "Escalations")) {
      b.append("<th>").append(esc(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (RequestFacts r : uses) {
      RequestFacts.BreakGlassUse u = r.breakGlass().orElseThrow();
      Optional<dev.jit.spi.BreakGlass.Review> review = u.review();
      b.append("<tr")
          .append(u.reviewOverdueAtEnd() ? " class=\"overdue\"" : "")
          .append(" data-break-glass=\"")
          .append(esc(r.id().value()))
          .append("\" data-verdict=\"")
          .append(review.map(v -> v.verdict().name()).orElse(""))
          .append("\" data-escalations=\"")
          .append(u.reviewEscalations())
          .append("\">");
      cell(b, r.requester().value(), false);
      cell(b, r.resource().value() + " · " + r.role().value(), false);
      cell(b, r.justification() + (r.ticket().isEmpty() ? "" : "\n" + r.ticket()), true);
      cell(b, u.approvedBy().orElse("not yet"), false);
      cell(b, held(r), true);
      cell(b, u.reviewDue().map(Html::minute).orElse(""), false);
      cell(
          b,
          review
              .map(
                  v ->
                      v.verdict().name()
                          + " by "
                          + v.reviewer().value()
                          + " "
                          + Html.minute(v.at())
                          + (v.comment().isEmpty() ? "" : ": " + v.comment()))
              .orElse(u.reviewOverdueAtEnd() ? "missing, overdue" : "not yet due"),
          true);
      cell(b, String.valueOf(u.reviewEscalations()), false);
      b.append("</tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  private static void requests(StringBuilder b, EvidenceReport report) {
    b.append("<section id=\"requests\"><h2>Requests</h2><table><thead><tr>");
    for (String h :
        List.of(
            "Submitted",
            "Requester",
            "Resource · role",
            "Justification",
            "Ticket",
            "Approvers",
            "Outcome",
            "Access held",
            "Extensions",
            "Removal",
            "Audit records")) {
      b.append("<th>").append(esc(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (RequestFacts r : report.requests()) {
      b.append("<tr data-request=\"").append(esc(r.id().value())).append("\">");
      cell(b, Html.minute(r.submittedAt()), false);
      cell(b, r.requester().value(), false);
      cell(
          b,
          r.resource().value() + " · " + r.role().value() + " · " + r.requestedDuration(),
          false);
      cell(b, r.justification(), true);
      cell(b, r.ticket(), false);
      cell(
          b,
          r.approvals().stream()
              .map(a -> a.approver().value() + " " + Html.minute(a.at()))
              .collect(Collectors.joining("\n")),
          true);
      b.append("<td class=\"outcome")
          .append(r.overdueAtEnd() || r.escalatedAt().isPresent() ? " bad" : "")
          .append("\">")
          .append(esc(outcome(r)))
          .append("</td>");
      cell(b, held(r), true);
      cell(b, extensions(r.extensions()), true);
      cell(b, removal(r), true);
      events(b, r);
      b.append("</tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  private static String outcome(RequestFacts r) {
    String s = r.outcome().name();
    if (r.decidedBy().isPresent()) {
      s += " by " + r.decidedBy().get().value();
    }
    if (!r.reason().isEmpty()) {
      s += ": " + r.reason();
    }
    return s;
  }

  private static String held(RequestFacts r) {
    if (r.accessFrom().isEmpty()) {
      return "never";
    }
    return Html.minute(r.accessFrom().get())
        + " – "
        + r.removedAt().map(Html::minute).orElse("(not removed by the period's end)");
  }

  private static String extensions(RequestFacts.Extensions e) {
    if (e.requested() == 0) {
      return "";
    }
    return e.granted()
        + " granted (+"
        + Html.seconds(OptionalLong.of(e.extendedBy().getSeconds()))
        + (e.approvers().isEmpty()
            ? ""
            : " by " + e.approvers().stream().map(u -> u.value()).collect(Collectors.joining(", ")))
        + ")\n"
        + e.refused()
        + " refused";
  }

  private static String removal(RequestFacts r) {
    if (r.removal().isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder(r.removal().get().trigger().label());
    r.removalLateness()
        .ifPresent(
            d ->
                s.append(", ")
                    .append(Html.seconds(OptionalLong.of(d.getSeconds())))
                    .append(" after due"));
    if (r.failedRemovalAttempts() > 0) {
      s.append("\n").append(r.failedRemovalAttempts()).append(" failed attempt(s)");
    }
    r.escalatedAt().ifPresent(at -> s.append("\nescalated ").append(Html.minute(at)));
    if (!r.grantFailure().isEmpty()) {
      s.append("\ngrant failed: ").append(r.grantFailure());
    }
    return s.toString();
  }

  private static void events(StringBuilder b, RequestFacts r) {
    b.append("<td><details><summary>").append(r.events().size()).append(" record(s)</summary><ol>");
    for (TrailEvent e : r.events()) {
      b.append("<li value=\"")
          .append(e.sequence())
          .append("\"><time datetime=\"")
          .append(e.at())
          .append("\">")
          .append(esc(Html.minute(e.at())))
          .append("</time> ")
          .append(esc(e.action()))
          .append(" by ")
          .append(esc(e.actor()))
          .append(e.detail().isEmpty() ? "" : ": " + esc(e.detail()))
          .append("</li>");
    }
    b.append("</ol></details></td>");
  }

  private static void cell(StringBuilder b, String text, boolean wrap) {
    b.append(wrap ? "<td class=\"text\">" : "<td>").append(esc(text)).append("</td>");
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
