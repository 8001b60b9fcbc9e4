package dev.jit.http.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A slow-client flood, the attacker of an HTTP server: {@code n} connections that each send a
 * request's headers announcing a body of {@link #ANNOUNCED_BYTES}, then trickle the body one byte
 * per {@code interval} and never finish it, with no signature or credentials. Each connection stops
 * by itself when {@code lasting} has passed, or earlier when the server answers or closes it (what
 * a hardened server does); {@link #close} stops them all. Loopback use only.
 *
 * <pre>{@code
 * try (SlowClients flood = SlowClients.start(url, 16, Duration.ofMillis(200), Duration.ofSeconds(8))) {
 *   ... send signed requests and time their answers ...
 * }
 * }</pre>
 *
 * <p>One daemon thread per connection; thread-safe.
 */
public final class SlowClients implements AutoCloseable {
  /** The Content-Length every slow upload announces: far more than it will ever send. */
  public static final int ANNOUNCED_BYTES = 100_000;

  /** How one connection ended, as far as the client could tell. */
  public record Ending(Optional<String> statusLine, boolean closedByServer, Duration after) {
    public Ending {
      Objects.requireNonNull(statusLine, "statusLine");
      Objects.requireNonNull(after, "after");
    }

    /** Whether the server answered or closed it before the client gave up. */
    public boolean cutOff() {
      return statusLine.isPresent() || closedByServer;
    }
  }

  private final List<Trickle> trickles = new ArrayList<>();
  private final CountDownLatch done;

  private SlowClients(URI target, int n, Duration interval, Duration lasting) {
    this.done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Trickle t = new Trickle(target, interval, lasting, done);
      trickles.add(t);
      Thread thread = new Thread(t, "slow-client-" + i);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Opens {@code n} slow uploads to {@code target} (an {@code http} URL whose path is POSTed to).
   *
   * @param interval the pause between two body bytes
   * @param lasting how long each connection keeps trickling before it gives up by itself
   */
  public static SlowClients start(URI target, int n, Duration interval, Duration lasting) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive");
    }
    Objects.requireNonNull(target, "target");
    return new SlowClients(target, n, interval, lasting);
  }

  /** How many connections have sent their headers (they are then occupying the server). */
  public int connected() {
    return (int) trickles.stream().filter(t -> t.connected).count();
  }

  /** Waits until every connection has ended; false if {@code atMost} passed first. */
  public boolean awaitEnd(Duration atMost) throws InterruptedException {
    return done.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How each connection ended; empty for those still going. */
  public List<Optional<Ending>> endings() {
    return trickles.stream().map(t -> Optional.ofNullable(t.ending)).toList();
  }

  /** Stops every connection now. */
  @Override
  public void close() {
    trickles.forEach(Trickle::stop);
  }

  private static final class Trickle implements Runnable {
    private final URI target;
    private final Duration interval;
    private final Duration lasting;
    private final CountDownLatch done;
    private volatile Socket socket;
    private volatile boolean connected;
    private volatile boolean stopped;
    private volatile Ending ending;

    Trickle(URI target, Duration interval, Duration lasting, CountDownLatch done) {
      this.target = target;
      this.interval = interval;
      this.lasting = lasting;
      this.done = done;
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      long deadline = start + lasting.toNanos();
      try (Socket s = new Socket()) {
        socket = s;
        int port = target.getPort() < 0 ? 80 : target.getPort();
        s.connect(new InetSocketAddress(target.getHost(), port), 5_000);
        s.setSoTimeout((int) Math.max(1, interval.toMillis()));
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(headers().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        connected = true;
        while (!stopped && System.nanoTime() < deadline) {
          Optional<Ending> answered = answered(in, start);
          if (answered.isPresent()) {
            ending = answered.get();
            return;
          }
          out.write('a');
          out.flush();
        }
        ending = new Ending(Optional.empty(), false, since(start));
      } catch (IOException e) {
        ending = new Ending(Optional.empty(), !stopped, since(start));
      } finally {
        done.countDown();
      }
    }

    /** Waits one interval for the server's answer; present when it answered or closed. */
    private Optional<Ending> answered(InputStream in, long start) throws IOException {
      byte[] buffer = new byte[256];
      int read;
      try {
        read = in.read(buffer);
      } catch (SocketTimeoutException quiet) {
        return Optional.empty();
      }
      if (read < 0) {
        return Optional.of(new Ending(Optional.empty(), true, since(start)));
      }
      String text = new String(buffer, 0, read, StandardCharsets.US_ASCII);
      int eol = text.indexOf("\r\n");
      return Optional.of(
          new Ending(Optional.of(eol < 0 ? text : text.substring(0, eol)), false, since(start)));
    }

    private String headers() {
      String path =
          target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
      return "POST "
          + path
          + " HTTP/1.1\r\nHost: "
          + target.getHost()
          + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
          + ANNOUNCED_BYTES
          + "\r\n\r\n";
    }

    void stop() {
      stopped = true;
      Socket s = socket;
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing is all we wanted
        }
      }
    }

    private static Duration since(long start) {
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }
}
