package dev.jit.report;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as root, with a fresh profile and nothing that talks to the network.
 * Missing, it skips the test on a laptop and fails it in CI ({@code CI=true} or {@code
 * -Djit.it.required=true}), where .ci/run installs it.
 */
final class Chromium {
  private static final Path BINARY =
      Path.of(System.getenv().getOrDefault("JIT_CHROMIUM", "/usr/bin/chromium"));

  private Chromium() {}

  static void require() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String why = BINARY + " is not installed (apt-get install -y chromium; .ci/run does)";
    if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("jit.it.required")) {
      fail(why + "; the browser test is required here");
    }
    assumeTrue(false, why);
  }

  /** The DOM of {@code page} after it loaded, serialised. */
  static String dumpDom(Path page) throws Exception {
    return new String(run(page, "--dump-dom"), StandardCharsets.UTF_8);
  }

  /** A PNG screenshot of {@code page} at {@code png}. */
  static void screenshot(Path page, Path png) throws Exception {
    run(page, "--screenshot=" + png, "--window-size=1280,1800", "--hide-scrollbars");
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      fail("chromium wrote no screenshot to " + png);
    }
  }

  private static byte[] run(Path page, String... what) throws Exception {
    require();
    Path profile = Files.createTempDirectory("jit-chromium-");
    try {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  BINARY.toString(),
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--user-data-dir=" + profile));
      cmd.addAll(List.of(what));
      cmd.add(page.toUri().toString());
      Path log = profile.resolveSibling(profile.getFileName() + ".log");
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("chromium did not finish within 2 minutes");
      }
      if (p.exitValue() != 0) {
        fail("chromium exited " + p.exitValue() + ": " + Files.readString(log));
      }
      Files.deleteIfExists(log);
      return out;
    } finally {
      delete(profile);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
