package dev.jit.app.cli;

import dev.jit.app.config.ConfigException;
import dev.jit.app.config.Settings;
import dev.jit.app.runtime.Database;
import dev.jit.core.policy.Policy;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.report.Verification;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.Checkpoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jit audit verify} and {@code jit audit export}. */
@Command(
    name = "audit",
    description = "Check or export the tamper-evident audit log in jit's database.",
    mixinStandardHelpOptions = true,
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
public final class AuditCommand implements Callable<Integer> {
  private static final int PAGE = 1000;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static Database open(AppContext context, DatabaseOptions db) {
    Database database =
        Database.open(context.env(), db.dataDir, Settings.DatabaseSettings.defaults(), true);
    if (!database.hasSchema()) {
      database.close();
      throw new ConfigException(
          "the database "
              + database.description()
              + " has no jit tables (was it migrated: `jit db migrate`, or serve on the embedded"
              + " default?)");
    }
    return database;
  }

  /** Walks the chain from the first record. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check every record of the audit log: numbering without gaps, each record's hash over its"
            + " content, each link to the record before, and that each record is a legal step of"
            + " its request (the lifecycle's transitions, distinct approvers up to the quorum, an"
            + " expiry set once; with --config, within the policy's maximum durations).",
        "With --checkpoints and --public-key, also every signed checkpoint: its signature, that"
            + " the record it vouches for is there (else the tail was truncated) and unchanged"
            + " (else the past was rewritten).",
        "Prints 'audit chain intact: N records verified' or the first broken record and what is"
            + " wrong with it.",
        "Reads the database of JIT_DB_URL (with JIT_DB_USER, JIT_DB_PASSWORD), or the embedded"
            + " one in --data-dir. Read-only."
      },
      footer = {
        "",
        "Exit codes: 0 intact, 1 broken, 2 the database, a key or the checkpoints cannot be read.",
        "Example: jit audit verify --config jit.yaml --checkpoints /mnt/witness/checkpoints.jsonl"
            + " --public-key k1=k1.pub.pem --public-key k2=k2.pub.pem"
      })
  public static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    @Mixin VerifyOptions verify;
    private final AppContext context;

    public Verify(AppContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Map<String, PublicKey> keys = verify.keys();
      List<Checkpoint> signed = verify.signed();
      Optional<Policy> policy = verify.policy();
      try (Database database = open(context, db)) {
        Verification result =
            Verification.of(
                new JdbcAuditLog(database.dataSource(), database.dialect()), policy, signed, keys);
        if (result.intact()) {
          spec.commandLine().getOut().println(result.statement());
          return ExitCodes.OK;
        }
        spec.commandLine().getErr().println(result.statement());
        return ExitCodes.FAILED;
      }
    }
  }

  /** One JSON object per record, re-verifiable offline. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Write the audit log as JSON Lines, one record per line, oldest first:",
        "  {\"sequence\":N,\"hash\":\"<sha-256 hex>\",\"record\":<canonical record>}",
        "The record member is the exact canonical text the hash covers (docs/audit-record.md):"
            + " hash it as is to check a line offline. Read-only."
      },
      footer = {
        "",
        "Exit codes: 0 written, 2 the database or the output cannot be used.",
        "Example: jit audit export --from 2026-11-01T00:00:00Z --out audit-2026-11.jsonl"
      })
  public static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    private final AppContext context;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write to FILE instead of standard output.")
    Path out;

    @Option(
        names = "--from",
        paramLabel = "INSTANT",
        description = "Only records at or after this time (ISO-8601, e.g. 2026-11-25T00:00:00Z).")
    Instant from;

    @Option(
        names = "--to",
        paramLabel = "INSTANT",
        description = "Only records before this time (ISO-8601).")
    Instant to;

    public Export(AppContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      if (from != null && to != null && !from.isBefore(to)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--from must be before --to");
      }
      try (Database database = open(context, db)) {
        AuditLog log = new JdbcAuditLog(database.dataSource(), database.dialect());
        long written;
        if (out == null) {
          PrintWriter w = spec.commandLine().getOut();
          written = export(log, w);
          w.flush();
        } else {
          try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            written = export(log, w);
          }
          spec.commandLine().getErr().println(written + " record(s) written to " + out);
        }
        return ExitCodes.OK;
      }
    }

    private long export(AuditLog log, Writer w) {
      long next = 1;
      long written = 0;
      try {
        while (true) {
          List<AuditRecord> page = log.read(next, PAGE);
          for (AuditRecord r : page) {
            Instant at = r.entry().at();
            if ((from == null || !at.isBefore(from)) && (to == null || at.isBefore(to))) {
              w.write(line(r));
              w.write('\n');
              written++;
            }
            next = r.sequence() + 1;
          }
          if (page.size() < PAGE) {
            return written;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * One export line. The record is appended verbatim (not re-encoded), so its bytes are exactly
   * what the hash covers.
   */
  public static String line(AuditRecord r) {
    return "{\"sequence\":"
        + r.sequence()
        + ",\"hash\":\""
        + r.hash()
        + "\",\"record\":"
        + AuditChain.canonical(r)
        + "}";
  }
}
