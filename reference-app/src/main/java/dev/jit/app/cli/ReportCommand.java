package dev.jit.app.cli;

import dev.jit.app.runtime.Database;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.report.CsvReport;
import dev.jit.report.EvidenceReport;
import dev.jit.report.HtmlReport;
import dev.jit.report.JsonLinesReport;
import dev.jit.report.ReportPeriod;
import dev.jit.report.Verification;
import dev.jit.spi.AuditLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jit report}: the evidence of a period for an access review. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the evidence of a period for an access review: every request with a record in"
          + " [--from, --to) or still open as the period began, as the audit trail tells it up to"
          + " --to (requester, approvers, justification, ticket, durations, when access was really"
          + " applied and removed, failures and escalations), summary figures, and the result of"
          + " verifying the whole audit log as 'jit audit verify' does, with the latest signed"
          + " checkpoint. Columns: docs/report.md. Read-only.",
      "csv is one row per request; jsonl adds a first line with the verification and the"
          + " figures, and each request's audit records; html is one page that needs no network,"
          + " with a timeline per resource."
    },
    footer = {
      "",
      "Exit codes: 0 written and the audit chain is intact, 1 written but the chain is broken"
          + " (the report says where), 2 usage, the database, a key or the output cannot be used.",
      "Example: jit report --from 2026-11-01 --to 2026-11-30 --format html --out nov.html"
          + " --checkpoints /mnt/witness/checkpoints.jsonl --public-key k1=k1.pub.pem"
    })
public final class ReportCommand implements Callable<Integer> {
  private static final List<String> FORMATS = List.of("csv", "jsonl", "html");

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions db;
  @Mixin VerifyOptions verify;
  private final AppContext context;
  private final Clock clock;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "DATE|INSTANT",
      description = "Start of the period: a date (2026-11-01, from 00:00 UTC) or an instant.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DATE|INSTANT",
      description =
          "End of the period, not included: an instant, or a date, which is included whole"
              + " (2026-11-30 ends at 2026-12-01T00:00:00Z).")
  String to;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "csv",
      description = "csv, jsonl or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Write to FILE (replaced whole, never half-written) instead of standard output.")
  Path out;

  public ReportCommand(AppContext context) {
    this(context, Clock.systemUTC());
  }

  ReportCommand(AppContext context, Clock clock) {
    this.context = context;
    this.clock = clock;
  }

  @Override
  public Integer call() throws IOException {
    BiConsumer<EvidenceReport, Writer> writer = writer();
    ReportPeriod period;
    try {
      period = new ReportPeriod(time("--from", from, false), time("--to", to, true));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    var keys = verify.keys();
    var signed = verify.signed();
    var policy = verify.policy();
    EvidenceReport report;
    try (Database database = AuditCommand.open(context, db)) {
      AuditLog log = new JdbcAuditLog(database.dataSource(), database.dialect());
      report =
          EvidenceReport.collect(
              log,
              period,
              Verification.of(log, policy, signed, keys),
              clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
    PrintWriter err = spec.commandLine().getErr();
    if (out == null) {
      PrintWriter w = spec.commandLine().getOut();
      writer.accept(report, w);
      w.flush();
    } else {
      write(report, writer);
      err.println(report.requests().size() + " request(s) written to " + out);
    }
    err.println(report.verification().statement());
    return report.verification().intact() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private BiConsumer<EvidenceReport, Writer> writer() {
    String f = format.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(f)) {
      throw new ParameterException(
          spec.commandLine(), "--format must be one of " + FORMATS + ", not '" + format + "'");
    }
    return switch (f) {
      case "jsonl" -> JsonLinesReport::write;
      case "html" -> HtmlReport::write;
      default -> CsvReport::write;
    };
  }

  /** Writes beside {@code out} and moves it in place, so a failure leaves no partial report. */
  private void write(EvidenceReport report, BiConsumer<EvidenceReport, Writer> writer)
      throws IOException {
    Path target = out.toAbsolutePath();
    Path part = Files.createTempFile(target.getParent(), ".jit-report-", ".part");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
        writer.accept(report, w);
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * An instant, an offset date-time, or a date: its start, or for the end of a period the start of
   * the next day, so the date is included.
   */
  static Instant time(String option, String text, boolean end) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notOffset) {
        try {
          LocalDate day = LocalDate.parse(text);
          return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
          throw new IllegalArgumentException(
              option
                  + ": '"
                  + text
                  + "' is neither a date (2026-11-01) nor an instant (2026-11-01T00:00:00Z)");
        }
      }
    }
  }
}
