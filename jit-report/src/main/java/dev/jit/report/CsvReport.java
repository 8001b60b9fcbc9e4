package dev.jit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The request table as CSV (RFC 4180): a header row of {@link Column#ALL}'s names, then one row per
 * request; CRLF line ends; a field with a comma, a quote, CR or LF is quoted, its quotes doubled. A
 * text cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or CR gets a leading
 * {@code '}, so a spreadsheet shows it as text instead of running it as a formula.
 */
public final class CsvReport {
  private CsvReport() {}

  public static void write(EvidenceReport report, Writer out) {
    try {
      row(out, Column.ALL.stream().map(Column::name).toList());
      for (RequestFacts r : report.requests()) {
        row(
            out,
            Column.ALL.stream()
                .map(c -> cell(Column.format(c.value().apply(r)), c.text()))
                .toList());
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void row(Writer out, java.util.List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(cells.get(i)));
    }
    out.write("\r\n");
  }

  /** Guards a text cell against formula injection. */
  static String cell(String v, boolean text) {
    if (text && !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      return "'" + v;
    }
    return v;
  }

  static String quote(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
