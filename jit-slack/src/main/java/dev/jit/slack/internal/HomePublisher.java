package dev.jit.slack.internal;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.view.View;
import dev.jit.core.JitEngine;
import dev.jit.core.policy.Policy;
import dev.jit.slack.AppHome;
import dev.jit.slack.ResourceDisplay;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Renders a person's App Home from the engine's queries and publishes it: their access that may be
 * held, their pending requests, what awaits their approval and, for admins, everyone else's active
 * grants.
 */
final class HomePublisher {
  private static final int HOME_LIST_LIMIT = 100;
  private static final Set<RequestStatus> HOLDING =
      EnumSet.copyOf(
          Arrays.stream(RequestStatus.values()).filter(RequestStatus::mayHoldAccess).toList());

  private final JitEngine engine;
  private final SlackCalls calls;

  HomePublisher(JitEngine engine, SlackCalls calls) {
    this.engine = engine;
    this.calls = calls;
  }

  /**
   * @throws SlackCalls.SlackFailure when Slack refused or could not be reached
   */
  void publish(MethodsClient client, UserId viewer) {
    List<AccessRequest> active = engine.requestsOf(viewer, HOLDING, HOME_LIST_LIMIT);
    List<AccessRequest> pending =
        engine.requestsOf(viewer, EnumSet.of(RequestStatus.PENDING), HOME_LIST_LIMIT);
    List<AccessRequest> awaiting =
        new java.util.ArrayList<>(engine.awaitingApprovalBy(viewer, HOME_LIST_LIMIT));
    awaiting.addAll(engine.awaitingDecisionBy(viewer, HOME_LIST_LIMIT));
    List<AccessRequest> others =
        engine.policy().admins().contains(viewer)
            ? engine.activeRequests(HOME_LIST_LIMIT).stream()
                .filter(r -> !r.requester().equals(viewer))
                .toList()
            : List.of();
    Policy policy = engine.policy();
    View home =
        AppHome.build(
            viewer,
            active,
            pending,
            awaiting,
            others,
            r -> ResourceDisplay.extendable(policy, r),
            !engine.breakGlassableBy(viewer).isEmpty());
    calls.call(
        "views.publish", () -> client.viewsPublish(v -> v.userId(viewer.value()).view(home)));
  }
}
