package dev.jit.app.runtime;

import dev.jit.slack.SlackMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * What jit's Slack listeners count, as Prometheus counters: {@code
 * jit_refusals_total{command,reason}}, commands the engine refused (a non-owner approving,
 * cancelling someone else's request…), and {@code jit_slack_busy_total{action}}, work the full
 * post-ack executor could not take (the person was told to try again), and {@code
 * jit_slack_rejected_total{reason}}, requests the Slack endpoint refused before the app saw them.
 * Every label set is bounded: command and reason name the engine's commands and rejections, or the
 * endpoint's fixed reasons; action the listeners' verbs.
 */
public final class MeteredSlack implements SlackMetrics {
  private final MeterRegistry registry;

  public MeteredSlack(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void refused(String command, String reason) {
    Counter.builder("jit.refusals")
        .description("Commands given in Slack that the engine refused, by command and reason")
        .tag("command", command)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public void rejected(String reason) {
    Counter.builder("jit.slack.rejected")
        .description(
            "Requests to the Slack endpoint refused before the app saw them (bad signature,"
                + " another workspace, too large, too slow), by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public void busy(String action) {
    Counter.builder("jit.slack.busy")
        .description(
            "Slack actions not taken because jit's executor was full (the person was told)")
        .tag("action", action)
        .register(registry)
        .increment();
  }
}
