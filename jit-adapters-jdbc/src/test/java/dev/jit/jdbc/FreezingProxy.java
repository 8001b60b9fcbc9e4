package dev.jit.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay on loopback to a database server that can {@link #freeze()}: from then on it passes
 * no byte either way and closes nothing, as a server stuck in a kernel, a full disk or a dropped
 * route looks to a driver. Only the driver's own socket timeout gets a caller out.
 */
final class FreezingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final CountDownLatch thawed = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;

  FreezingProxy(String host, int port) {
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.target = new InetSocketAddress(host, port);
    Thread accept = new Thread(this::accept, "freezing-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Stops relaying, for good. */
  void freeze() {
    frozen = true;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (frozen) {
                    thawed.await();
                    return;
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side went away: so does this relay
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "freezing-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    thawed.countDown();
    try {
      server.close();
      for (Socket s : sockets) {
        s.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
