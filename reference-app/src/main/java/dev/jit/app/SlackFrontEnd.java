package dev.jit.app;

import dev.jit.app.config.AppConfig;
import dev.jit.core.JitEngine;
import dev.jit.slack.SlackMetrics;
import dev.jit.spi.CheckpointSink;
import dev.jit.spi.Directory;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.Notifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The one place Slack is wired into the app: the seam between the composition root and jit-slack.
 *
 * <p>The engine needs a {@link Directory} and a {@link Notifier} when it is built, and Slack's
 * handlers need the running engine; so {@code serve} (and {@code demo}) use a front end in three
 * steps:
 *
 * <ol>
 *   <li>{@link Factory#create} — before the database is touched, so a missing front end fails fast;
 *   <li>{@link #directory()} and {@link #notifier(MessageRefStore)} — passed to the engine builder;
 *   <li>{@link #attach(JitEngine, InetSocketAddress, SlackMetrics)} — once the engine has started
 *       and recovered: install the Bolt handlers and either open the Slack endpoint on its own port
 *       (HTTP mode, never the management port) or connect Socket Mode.
 * </ol>
 *
 * <p>{@link #close()} is called on shutdown, after the HTTP server stops and before the engine
 * does. The implementation is {@code BoltFrontEnd}, over jit-slack's {@code JitSlack.install}.
 */
public interface SlackFrontEnd extends AutoCloseable {

  /** The directory the engine resolves people, groups and identities through (Slack users). */
  Directory directory();

  /** The engine's notifier: posts and updates Slack messages, remembering them in {@code refs}. */
  Notifier notifier(MessageRefStore refs);

  /**
   * Attaches Slack to the running engine. In HTTP mode, serves the Slack Request URL on {@code
   * slackAddress}; in Socket Mode, connects and opens no port. The listeners count refusals and
   * busy replies into {@code metrics}.
   */
  void attach(JitEngine engine, InetSocketAddress slackAddress, SlackMetrics metrics);

  /** The Slack Request URL being served (HTTP mode, after attach); empty in Socket Mode. */
  default Optional<URI> requestUrl() {
    return Optional.empty();
  }

  /**
   * A witness for signed audit checkpoints: a message per checkpoint in {@code channel}, the
   * security channel the audit settings name. Empty where this front end cannot post.
   */
  default Optional<CheckpointSink> checkpointSink(String channel) {
    return Optional.empty();
  }

  /** Disconnects from Slack; must not throw. */
  @Override
  void close();

  /** Makes the front end for a process. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param slack secrets and endpoints from the environment
     * @param config the configuration: the policy (the request modal lists its resources) and the
     *     identities Slack does not know
     * @param clock the engine's clock
     */
    SlackFrontEnd create(SlackSettings slack, AppConfig config, Clock clock);
  }
}
