package dev.jit.report.internal;

import static dev.jit.report.internal.Html.esc;

import dev.jit.report.ReportPeriod;
import dev.jit.report.RequestFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One resource's timeline as inline SVG: a row per request that held access in the period, a bar
 * from the first applied step to the removal (or to the period's end, drawn open), on a time axis
 * of the period.
 */
public final class Timeline {
  private static final int WIDTH = 960;
  private static final int LABEL = 210;
  private static final int PLOT = WIDTH - LABEL - 20;
  private static final int ROW = 26;
  private static final int AXIS = 30;
  private static final int TICKS = 4;

  private Timeline() {}

  /** Whether {@code r} held access at some time in {@code period}. */
  public static boolean heldIn(RequestFacts r, ReportPeriod period) {
    return r.accessFrom().isPresent()
        && r.removedAt().map(end -> !end.isBefore(period.from())).orElse(true);
  }

  public static String svg(String resource, List<RequestFacts> held, ReportPeriod period) {
    int height = AXIS + held.size() * ROW + 10;
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" data-resource=\"")
        .append(esc(resource))
        .append("\"><title>Who held ")
        .append(esc(resource))
        .append(", when</title>");
    axis(b, period, height);
    int y = AXIS;
    for (RequestFacts r : held) {
      bar(b, r, period, y);
      y += ROW;
    }
    return b.append("</svg>").toString();
  }

  private static void axis(StringBuilder b, ReportPeriod period, int height) {
    Duration span = Duration.between(period.from(), period.to());
    for (int i = 0; i <= TICKS; i++) {
      Instant t = period.from().plus(span.multipliedBy(i).dividedBy(TICKS));
      double x = x(t, period);
      String anchor = i == 0 ? "start" : i == TICKS ? "end" : "middle";
      b.append(
              String.format(
                  Locale.ROOT,
                  "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                  x,
                  AXIS - 6,
                  x,
                  height - 4))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">",
                  x,
                  AXIS - 10,
                  anchor))
          .append(esc(Html.minute(t)))
          .append("</text>");
    }
  }

  private static void bar(StringBuilder b, RequestFacts r, ReportPeriod period, int y) {
    Instant start = max(r.accessFrom().orElseThrow(), period.from());
    boolean open = r.removedAt().isEmpty();
    Instant end = r.removedAt().map(e -> min(e, period.to())).orElse(period.to());
    double x1 = x(start, period);
    double width = Math.max(2, x(end, period) - x1);
    String kind =
        r.overdueAtEnd()
            ? "overdue"
            : r.removal().map(m -> m.trigger().label()).orElse(open ? "held" : "removed");
    String label =
        r.requester().value()
            + " · "
            + r.role().value()
            + (r.breakGlass().isPresent() ? " · break-glass" : "");
    String until = r.removedAt().map(Html::minute).orElse("still held at the period's end");
    b.append(
            String.format(Locale.ROOT, "<text class=\"who\" x=\"%d\" y=\"%d\">", LABEL - 8, y + 17))
        .append(esc(label))
        .append("</text>")
        .append("<rect class=\"bar ")
        .append(kind)
        .append(open ? " open" : "")
        .append(r.breakGlass().isPresent() ? " break-glass" : "")
        .append("\" data-request=\"")
        .append(esc(r.id().value()))
        .append("\" data-requester=\"")
        .append(esc(r.requester().value()))
        .append("\" data-from=\"")
        .append(r.accessFrom().orElseThrow())
        .append("\" data-until=\"")
        .append(r.removedAt().map(Instant::toString).orElse(""))
        .append(
            String.format(
                Locale.ROOT,
                "\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\">",
                x1,
                y + 4,
                width,
                ROW - 8))
        .append("<title>")
        .append(
            esc(
                label
                    + " on "
                    + r.resource().value()
                    + ": "
                    + Html.minute(r.accessFrom().orElseThrow())
                    + " – "
                    + until
                    + " ("
                    + r.outcome().name()
                    + ")"))
        .append("</title></rect>");
  }

  private static double x(Instant t, ReportPeriod period) {
    double total = Duration.between(period.from(), period.to()).toMillis();
    double at = Duration.between(period.from(), t).toMillis();
    return LABEL + Math.max(0, Math.min(1, at / total)) * PLOT;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
