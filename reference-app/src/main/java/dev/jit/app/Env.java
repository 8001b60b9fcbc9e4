package dev.jit.app;

import dev.jit.app.config.ConfigException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The environment the app reads, and the only place secrets come from. Wraps a map so that tests
 * pass their own; {@link #system()} is the process environment. Values are never logged.
 */
public final class Env {
  public static final String CONFIG = "JIT_CONFIG";
  public static final String SLACK_BOT_TOKEN = "SLACK_BOT_TOKEN";
  public static final String SLACK_SIGNING_SECRET = "SLACK_SIGNING_SECRET";
  public static final String SLACK_APP_TOKEN = "SLACK_APP_TOKEN";
  public static final String SLACK_API_URL = "JIT_SLACK_API_URL";
  public static final String DB_URL = "JIT_DB_URL";
  public static final String DB_USER = "JIT_DB_USER";
  public static final String DB_PASSWORD = "JIT_DB_PASSWORD";

  /** The schema owner's login, for {@code jit db migrate} only; {@code serve} never reads it. */
  public static final String DB_OWNER_USER = "JIT_DB_OWNER_USER";

  public static final String DB_OWNER_PASSWORD = "JIT_DB_OWNER_PASSWORD";
  public static final String HTTP_PORT = "JIT_HTTP_PORT";
  public static final String HTTP_ADDRESS = "JIT_HTTP_ADDRESS";
  public static final String MANAGEMENT_PORT = "JIT_MANAGEMENT_PORT";
  public static final String MANAGEMENT_ADDRESS = "JIT_MANAGEMENT_ADDRESS";
  public static final String INSTANCE_ID = "JIT_INSTANCE_ID";

  public static final int DEFAULT_HTTP_PORT = 3000;

  /** Slack must reach the Request URL: every interface unless set. */
  public static final String DEFAULT_HTTP_ADDRESS = "0.0.0.0";

  public static final int DEFAULT_MANAGEMENT_PORT = 9464;

  /** {@code /healthz} and {@code /metrics} answer without authentication: loopback unless set. */
  public static final String DEFAULT_MANAGEMENT_ADDRESS = "127.0.0.1";

  private final Map<String, String> values;

  public Env(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  /** The variable's value; unset and blank are the same. */
  public Optional<String> get(String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** The configuration file from {@code JIT_CONFIG}, if set. */
  public Optional<Path> configFile() {
    return get(CONFIG).map(Path::of);
  }

  /**
   * {@code JIT_INSTANCE_ID}: this process's engine instance id, the holder named on the leases it
   * takes. It must stay the same across restarts of one process and differ between processes on one
   * database; the default, {@code <host name>:<management port>}, is both for processes that keep
   * their host name and port (a StatefulSet pod, a systemd unit). The management port is the one
   * every process binds (Socket Mode opens no Slack port), so two processes on one host cannot
   * share it.
   */
  public String instanceId(int managementPort) {
    String id = get(INSTANCE_ID).orElseGet(() -> hostName() + ":" + managementPort);
    if (id.length() > 128 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ConfigException(
          INSTANCE_ID + " must be 1 to 128 printable ASCII characters without spaces");
    }
    return id;
  }

  private String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return get("HOSTNAME").orElse("jit");
    }
  }

  /** {@code JIT_HTTP_PORT}, the Slack Request URL's port, default 3000; 0 picks a free port. */
  public int httpPort() {
    return port(HTTP_PORT, DEFAULT_HTTP_PORT);
  }

  /** Where the Slack endpoint listens: {@code JIT_HTTP_ADDRESS} (all interfaces) and port. */
  public InetSocketAddress httpAddress() {
    return address(HTTP_ADDRESS, DEFAULT_HTTP_ADDRESS, httpPort());
  }

  /** {@code JIT_MANAGEMENT_PORT}, of /healthz and /metrics, default 9464; 0 picks a free port. */
  public int managementPort() {
    return port(MANAGEMENT_PORT, DEFAULT_MANAGEMENT_PORT);
  }

  /** Where /healthz and /metrics listen: {@code JIT_MANAGEMENT_ADDRESS} (loopback) and port. */
  public InetSocketAddress managementAddress() {
    return address(MANAGEMENT_ADDRESS, DEFAULT_MANAGEMENT_ADDRESS, managementPort());
  }

  private int port(String name, int otherwise) {
    String v = get(name).orElse(null);
    if (v == null) {
      return otherwise;
    }
    try {
      int port = Integer.parseInt(v);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a port number (0-65535), got '" + v + "'");
    }
  }

  private InetSocketAddress address(String name, String otherwise, int port) {
    String host = get(name).orElse(otherwise);
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new ConfigException(
          name + " must be an IP address or a resolvable name, got '" + host + "'");
    }
    return a;
  }
}
