package dev.jit.benchmarks.durable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a piece of work on one thread spends its time, from a JFR recording of it: every execution
 * sample (running Java) and native-method sample (waiting in the kernel, say for the socket) of the
 * chosen threads, put under the first frame from the top of its stack that a category claims.
 */
final class JfrBreakdown implements AutoCloseable {
  /** A category: the frames (class or class.method prefixes) it claims. */
  record Part(String name, List<String> prefixes) {}

  private final Recording recording = new Recording();
  private final List<Part> parts;

  JfrBreakdown(List<Part> parts) {
    this.parts = parts;
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
    recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
    recording.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withoutStackTrace();
    recording.start();
  }

  /**
   * Stops the recording; for each of {@code threads} (a thread name prefix), the share of each
   * category among that thread's samples, under "samples" how many there were, and under "parked s"
   * the seconds it spent parked (waiting for another thread, such as the page reader).
   */
  Map<String, Map<String, Double>> stop(List<String> threads) throws Exception {
    recording.stop();
    Path file = Files.createTempFile("verify", ".jfr");
    try {
      recording.dump(file);
      Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
      for (String t : threads) {
        Map<String, Integer> c = new LinkedHashMap<>();
        parts.forEach(p -> c.put(p.name(), 0));
        counts.put(t, c);
      }
      Map<String, Double> parked = new LinkedHashMap<>();
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        boolean park = e.getEventType().getName().equals("jdk.ThreadPark");
        RecordedThread t = park ? e.getThread() : e.getThread("sampledThread");
        String name = t == null ? null : t.getJavaName();
        String mine =
            name == null
                ? null
                : threads.stream().filter(name::startsWith).findFirst().orElse(null);
        if (mine != null && park) {
          parked.merge(mine, e.getDuration().toNanos() / 1e9, Double::sum);
          continue;
        }
        if (mine == null || e.getStackTrace() == null) {
          continue;
        }
        boolean wait = e.getEventType().getName().equals("jdk.NativeMethodSample");
        counts.get(mine).merge(classify(e.getStackTrace().getFrames(), wait), 1, Integer::sum);
      }
      Map<String, Map<String, Double>> out = new LinkedHashMap<>();
      counts.forEach(
          (thread, c) -> {
            int total = c.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, Double> shares = new LinkedHashMap<>();
            c.forEach((k, v) -> shares.put(k, total == 0 ? 0 : v / (double) total));
            shares.put("samples", (double) total);
            shares.put("parked s", parked.getOrDefault(thread, 0.0));
            out.put(thread, shares);
          });
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private String classify(List<RecordedFrame> frames, boolean waiting) {
    for (RecordedFrame f : frames) {
      String method = f.getMethod().getType().getName() + "." + f.getMethod().getName();
      for (Part p : parts) {
        if (p.prefixes().stream().anyMatch(method::startsWith)) {
          return waiting ? p.name() + " (waiting in native code)" : p.name();
        }
      }
    }
    return waiting ? "other (waiting in native code)" : "other";
  }

  @Override
  public void close() {
    recording.close();
  }
}
