package dev.jit.core.audit;

import dev.jit.spi.Checkpoint;
import dev.jit.spi.CheckpointSink;
import dev.jit.spi.JitException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkpoints appended to a file, one JSON line each, written with {@code O_APPEND} and forced to
 * disk before {@link #write} returns. Put the file where the database's operators cannot write
 * (another host's mount, object storage with retention, a directory only jit's user owns); the file
 * is what a truncated or rewritten audit table is checked against. Thread-safe.
 */
public final class FileCheckpointSink implements CheckpointSink {
  private static final Pattern LINE =
      Pattern.compile(
          "\\{\"sequence\":(\\d+),\"hash\":\"([0-9a-f]{64})\",\"at\":\"([^\"]+)\","
              + "\"keyId\":\"([A-Za-z0-9._-]{1,64})\",\"signature\":\"([A-Za-z0-9+/=]+)\"\\}");

  private final Path file;

  public FileCheckpointSink(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public String name() {
    return "file:" + file;
  }

  @Override
  public synchronized void write(Checkpoint c) {
    String line =
        "{\"sequence\":"
            + c.sequence()
            + ",\"hash\":\""
            + c.hash()
            + "\",\"at\":\""
            + c.at()
            + "\",\"keyId\":\""
            + c.keyId()
            + "\",\"signature\":\""
            + c.signature()
            + "\"}\n";
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new JitException(
          "cannot append an audit checkpoint to "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  @Override
  public synchronized Optional<List<Checkpoint>> readAll() {
    if (!Files.exists(file)) {
      return Optional.of(List.of());
    }
    List<Checkpoint> out = new ArrayList<>();
    try {
      int n = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
          throw new JitException(file + ", line " + n + ": not a checkpoint");
        }
        out.add(
            new Checkpoint(
                Long.parseLong(m.group(1)),
                m.group(2),
                Instant.parse(m.group(3)),
                m.group(4),
                m.group(5)));
      }
    } catch (IOException e) {
      throw new JitException("cannot read audit checkpoints from " + file, e);
    }
    return Optional.of(List.copyOf(out));
  }
}
