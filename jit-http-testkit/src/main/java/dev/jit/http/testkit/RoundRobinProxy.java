package dev.jit.http.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer for tests: an HTTP/1.1 proxy on 127.0.0.1 that sends each request to the next of
 * its backends in turn, as a round-robin load balancer in front of several replicas does. A backend
 * that refuses the connection (a process that died) is skipped for that request; a request no
 * backend takes is answered 502. Each request goes over its own connection ({@code Connection:
 * close} both ways), so keep-alive on the client side cannot pin it to one backend.
 *
 * <p>Requests need a {@code Content-Length} body or none (what webhooks and the JDK client send);
 * chunked request bodies are not supported. {@link #servedBy()} records which backend answered each
 * request, in order. Thread-safe.
 */
public final class RoundRobinProxy implements AutoCloseable {
  private static final int MAX_HEAD = 64 * 1024;
  private static final java.util.Set<String> HOP_BY_HOP =
      java.util.Set.of(
          "connection",
          "upgrade",
          "http2-settings",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer");

  private final List<InetSocketAddress> backends;
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger next = new AtomicInteger();
  private final List<Integer> servedBy = new CopyOnWriteArrayList<>();

  private RoundRobinProxy(List<InetSocketAddress> backends) throws IOException {
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("a proxy needs at least one backend");
    }
    this.backends = List.copyOf(backends);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(this::accept);
  }

  /** Starts a proxy in front of {@code backends}, on a free port. */
  public static RoundRobinProxy start(List<InetSocketAddress> backends) {
    try {
      return new RoundRobinProxy(Objects.requireNonNull(backends, "backends"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the proxy's port", e);
    }
  }

  /** Starts a proxy in front of HTTP servers on 127.0.0.1 at {@code ports}. */
  public static RoundRobinProxy onLocalPorts(List<Integer> ports) {
    List<InetSocketAddress> backends = new ArrayList<>();
    for (int port : ports) {
      backends.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }
    return start(backends);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** For each request answered so far, the index of the backend that answered it. */
  public List<Integer> servedBy() {
    return List.copyOf(servedBy);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    pool.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      String headText = new String(head, StandardCharsets.ISO_8859_1);
      byte[] body = in.readNBytes(contentLength(headText));
      byte[] request = concat(closing(headText).getBytes(StandardCharsets.ISO_8859_1), body);
      OutputStream out = client.getOutputStream();
      for (int tried = 0; tried < backends.size(); tried++) {
        int index = Math.floorMod(next.getAndIncrement(), backends.size());
        try (Socket backend = new Socket()) {
          backend.connect(backends.get(index), 1000);
          backend.getOutputStream().write(request);
          backend.getOutputStream().flush();
          InputStream answer = backend.getInputStream();
          String answerHead = new String(readHead(answer), StandardCharsets.ISO_8859_1);
          // Recorded before the client can see the answer, so a caller that got its response
          // finds it in servedBy().
          servedBy.add(index);
          out.write(closing(answerHead).getBytes(StandardCharsets.ISO_8859_1));
          answer.transferTo(out);
          out.flush();
          return;
        } catch (java.net.ConnectException refused) {
          // that replica is down: the next one takes the request
        }
      }
      out.write(
          "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // the client or the backend went away mid-request: the client sees a broken response
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0 || head.size() > MAX_HEAD) {
        throw new IOException("incomplete request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  /**
   * The head of a request or response without its hop-by-hop headers ({@code Connection}, {@code
   * Upgrade}, {@code HTTP2-Settings}, {@code Keep-Alive}, … — a proxy does not pass them on; the
   * JDK client's {@code Upgrade: h2c} is one), and with {@code Connection: close}, so neither side
   * reuses the connection.
   */
  private static String closing(String head) {
    StringBuilder out = new StringBuilder();
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      if (!line.isEmpty() && !HOP_BY_HOP.contains(name)) {
        out.append(line).append("\r\n");
      }
    }
    return out.append("Connection: close\r\n\r\n").toString();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
