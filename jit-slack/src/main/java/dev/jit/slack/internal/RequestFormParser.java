package dev.jit.slack.internal;

import com.slack.api.model.view.ViewState;
import dev.jit.slack.RequestForm;
import dev.jit.slack.SlackIds;
import java.util.Map;
import java.util.Optional;

/** Reads a request modal's view state into a {@link RequestForm}; checks nothing. Pure. */
public final class RequestFormParser {
  private RequestFormParser() {}

  /** What a submitted modal holds; blocks or values that are missing become empty. */
  public static RequestForm parse(Map<String, Map<String, ViewState.Value>> stateValues) {
    Map<String, Map<String, ViewState.Value>> state = stateValues == null ? Map.of() : stateValues;
    return new RequestForm(
        selected(state, SlackIds.RESOURCE_BLOCK, SlackIds.RESOURCE_SELECT),
        selected(state, SlackIds.ROLE_BLOCK, SlackIds.ROLE_SELECT),
        selected(state, SlackIds.DURATION_BLOCK, SlackIds.DURATION_SELECT),
        typed(state, SlackIds.JUSTIFICATION_BLOCK, SlackIds.JUSTIFICATION_INPUT),
        typed(state, SlackIds.TICKET_BLOCK, SlackIds.TICKET_INPUT));
  }

  private static Optional<ViewState.Value> value(
      Map<String, Map<String, ViewState.Value>> state, String block, String action) {
    return Optional.ofNullable(state.get(block)).map(m -> m.get(action));
  }

  private static Optional<String> selected(
      Map<String, Map<String, ViewState.Value>> state, String block, String action) {
    return value(state, block, action)
        .map(ViewState.Value::getSelectedOption)
        .map(ViewState.SelectedOption::getValue)
        .filter(s -> !s.isBlank());
  }

  private static String typed(
      Map<String, Map<String, ViewState.Value>> state, String block, String action) {
    return value(state, block, action).map(ViewState.Value::getValue).orElse("");
  }
}
