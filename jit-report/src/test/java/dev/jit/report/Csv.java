package dev.jit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict RFC 4180 reader for the tests: CRLF rows, quoted fields with doubled quotes. */
final class Csv {
  private Csv() {}

  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' && cell.length() == 0) {
        i++;
        while (true) {
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < text.length() && text.charAt(i) == '"') {
              cell.append('"');
              i++;
            } else {
              break;
            }
          } else {
            cell.append(q);
          }
        }
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
        i++;
      } else if (c == '\r') {
        if (text.charAt(i + 1) != '\n') {
          throw new AssertionError("bare CR at " + i);
        }
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i += 2;
      } else if (c == '\n' || c == '"') {
        throw new AssertionError("unquoted " + (c == '"' ? "quote" : "LF") + " at " + i);
      } else {
        cell.append(c);
        i++;
      }
    }
    if (!row.isEmpty() || cell.length() > 0) {
      throw new AssertionError("the last row does not end with CRLF");
    }
    return rows;
  }

  /** The rows under the header, each as column name to cell. */
  static List<Map<String, String>> records(String text) {
    List<List<String>> rows = parse(text);
    List<String> header = rows.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> r : rows.subList(1, rows.size())) {
      if (r.size() != header.size()) {
        throw new AssertionError("row of " + r.size() + " cells under " + header.size() + " names");
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        m.put(header.get(i), r.get(i));
      }
      out.add(m);
    }
    return out;
  }
}
