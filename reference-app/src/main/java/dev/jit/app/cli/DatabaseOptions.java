package dev.jit.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where jit's database is when {@code JIT_DB_URL} is not set. */
final class DatabaseOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "./jit-data",
      description =
          "Directory of the embedded H2 database, used when JIT_DB_URL is not set"
              + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;
}
