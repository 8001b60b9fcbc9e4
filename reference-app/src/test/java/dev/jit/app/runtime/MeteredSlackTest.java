package dev.jit.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeteredSlackTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MeteredSlack metrics = new MeteredSlack(registry);

  @Test
  @DisplayName(
      "refusals are counted by command and reason, busy replies by action, requests the Slack"
          + " endpoint refused by reason, as /metrics serves them")
  void counted() {
    metrics.refused("approve", "NOT_AN_APPROVER");
    metrics.refused("approve", "NOT_AN_APPROVER");
    metrics.refused("cancel", "NOT_REQUESTER");
    metrics.busy("approve");
    metrics.rejected("signature");

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("jit_refusals_total{command=\"approve\",reason=\"NOT_AN_APPROVER\"} 2.0")
        .contains("jit_refusals_total{command=\"cancel\",reason=\"NOT_REQUESTER\"} 1.0")
        .contains("jit_slack_busy_total{action=\"approve\"} 1.0")
        .contains("jit_slack_rejected_total{reason=\"signature\"} 1.0");
  }
}
