package dev.jit.benchmarks.durable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's commit ceiling on this machine: {@code pgbench} with a custom script of one
 * single-row INSERT per transaction (prepared, as the JDBC driver's statements are), into a table
 * of the scratch database.
 */
final class Pgbench {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

  private Pgbench() {}

  static double insertTps(ScratchDb db, int clients, int seconds) throws IOException {
    db.exec(
        "CREATE TABLE IF NOT EXISTS perf_pgbench (id BIGSERIAL PRIMARY KEY, v INT NOT NULL,"
            + " at TIMESTAMPTZ NOT NULL DEFAULT now())");
    Path script = Files.createTempFile("perf-insert", ".sql");
    Files.writeString(script, "INSERT INTO perf_pgbench (v) VALUES (1);\n");
    try {
      String out =
          Processes.run(
              List.of(
                  "pgbench",
                  "-n",
                  "-M",
                  "prepared",
                  "-h",
                  "127.0.0.1",
                  "-U",
                  ScratchDb.USER,
                  "-c",
                  String.valueOf(clients),
                  "-j",
                  String.valueOf(Math.min(clients, 2)),
                  "-T",
                  String.valueOf(seconds),
                  "-f",
                  script.toString(),
                  db.name));
      Matcher m = TPS.matcher(out);
      if (!m.find()) {
        throw new IOException("no tps in pgbench's output:\n" + out);
      }
      return Double.parseDouble(m.group(1));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** Helper for the external baselines. */
  static final class Processes {
    private Processes() {}

    static String run(List<String> command) throws IOException {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (p.waitFor() != 0) {
          throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      return out;
    }
  }
}
