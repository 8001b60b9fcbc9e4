package dev.jit.app;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.MethodsClient;
import dev.jit.core.JitEngine;
import dev.jit.slack.JitSlack;
import dev.jit.slack.JitSlackConfig;
import dev.jit.slack.SlackCheckpointSink;
import dev.jit.slack.SlackDirectory;
import dev.jit.slack.SlackHttpServer;
import dev.jit.slack.SlackMetrics;
import dev.jit.slack.SlackSocketMode;
import dev.jit.spi.CheckpointSink;
import dev.jit.spi.Directory;
import dev.jit.spi.JitException;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack front end over jit-slack: a Bolt {@link App} with jit's listeners ({@link
 * JitSlack#install}), the {@code SlackDirectory} the engine resolves people through, and the {@code
 * SlackNotifier} it reports through. HTTP mode serves {@link SlackHttpServer} (Jetty,
 * signature-checked, slow clients cut off) at {@value SlackHttpServer#DEFAULT_PATH} on a port of
 * its own; Socket Mode connects with the app token instead.
 */
final class BoltFrontEnd implements SlackFrontEnd {
  private static final Logger LOG = LoggerFactory.getLogger(BoltFrontEnd.class);

  private final SlackSettings settings;
  private final dev.jit.app.config.AppConfig config;
  private final Clock clock;
  private final MethodsClient methods;
  private final App app;
  private final SlackDirectory directory;

  /**
   * Work after the ack: 4 threads, at most {@value #QUEUED} waiting. When full, the listeners tell
   * the person jit is busy and count it (jit_slack_busy_total) rather than queue without bound.
   */
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          4,
          4,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(QUEUED),
          r -> {
            Thread t = new Thread(r, "jit-slack");
            t.setDaemon(true);
            return t;
          });

  static final int QUEUED = 256;

  private MessageRefStore refs;
  private SocketModeApp socket;
  private SlackHttpServer server;

  BoltFrontEnd(SlackSettings settings, dev.jit.app.config.AppConfig config, Clock clock) {
    this.settings = settings;
    this.config = config;
    this.clock = clock;
    SlackConfig sdkConfig = new SlackConfig();
    settings.apiUrl().ifPresent(sdkConfig::setMethodsEndpointUrlPrefix);
    Slack slack = Slack.getInstance(sdkConfig);
    this.methods = slack.methods(settings.botToken());
    this.app =
        new App(
            AppConfig.builder()
                .singleTeamBotToken(settings.botToken())
                .signingSecret(settings.signingSecret().orElse(null))
                .slack(slack)
                .requestVerificationEnabled(false)
                .build());
    this.directory =
        SlackDirectory.builder(methods)
            .staticIdentities(config.settings().identities())
            .clock(clock)
            .build();
  }

  /** The factory {@link Main} uses. */
  /**
   * Front ends that first ask Slack's {@code auth.test}, so a wrong JIT_SLACK_API_URL or a rejected
   * token stops serve with the right message instead of a healthy-looking app whose every call
   * fails.
   */
  static SlackFrontEnd.Factory factory() {
    return (settings, config, clock) -> {
      settings.check();
      return new BoltFrontEnd(settings, config, clock);
    };
  }

  @Override
  public Optional<CheckpointSink> checkpointSink(String channel) {
    return Optional.of(new SlackCheckpointSink(methods, channel));
  }

  @Override
  public Directory directory() {
    return directory;
  }

  @Override
  public Notifier notifier(MessageRefStore refs) {
    this.refs = refs;
    return JitSlack.notifier(
        methods, config::policy, JitSlackConfig.builder(refs, executor).build());
  }

  @Override
  public void attach(JitEngine engine, InetSocketAddress slackAddress, SlackMetrics metrics) {
    if (refs == null) {
      throw new IllegalStateException("notifier(refs) must be called before attach");
    }
    JitSlack.install(app, engine, JitSlackConfig.builder(refs, executor).metrics(metrics).build());
    if (settings.socketMode()) {
      try {
        socket = SlackSocketMode.start(settings.appToken().orElseThrow(), app);
        LOG.info("Slack: connected in Socket Mode");
      } catch (Exception e) {
        throw new JitException("could not connect to Slack in Socket Mode: " + e.getMessage(), e);
      }
    } else {
      try {
        server =
            SlackHttpServer.builder(app, settings.signingSecret().orElseThrow())
                .address(slackAddress)
                .clock(clock)
                .metrics(metrics)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the Slack port " + slackAddress, e);
      }
      LOG.info(
          "Slack: HTTP mode on {}, Request URL path {}",
          slackAddress,
          SlackHttpServer.DEFAULT_PATH);
    }
  }

  @Override
  public Optional<URI> requestUrl() {
    return Optional.ofNullable(server).map(SlackHttpServer::url);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (socket != null) {
      try {
        socket.close();
      } catch (Exception e) {
        LOG.warn("closing the Socket Mode connection failed", e);
      }
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Slack notifications still running after 10 s; the next start catches up");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
