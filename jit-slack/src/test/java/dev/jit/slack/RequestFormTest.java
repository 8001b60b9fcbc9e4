package dev.jit.slack;

import static dev.jit.slack.RequestModalTest.OK_JUSTIFICATION;
import static dev.jit.slack.RequestModalTest.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.slack.api.model.view.ViewState;
import dev.jit.core.Rejection;
import dev.jit.slack.internal.RequestFormParser;
import dev.jit.slack.internal.RequestFormValidator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading a submitted request modal and checking it by the engine's rules. */
class RequestFormTest {
  private static Map<String, String> errors(RequestForm form) {
    return RequestFormValidator.errors(form, Samples.POLICY, Samples.RULES);
  }

  @Test
  @DisplayName("parse reads what Slack submits")
  void parse() {
    Map<String, Map<String, ViewState.Value>> state = new HashMap<>();
    state.put(
        SlackIds.RESOURCE_BLOCK, Map.of(SlackIds.RESOURCE_SELECT, selected("prod-payments-db")));
    state.put(SlackIds.ROLE_BLOCK, Map.of(SlackIds.ROLE_SELECT, selected("read-only")));
    state.put(SlackIds.DURATION_BLOCK, Map.of(SlackIds.DURATION_SELECT, selected("PT1H")));
    state.put(
        SlackIds.JUSTIFICATION_BLOCK,
        Map.of(SlackIds.JUSTIFICATION_INPUT, typed(OK_JUSTIFICATION)));
    state.put(SlackIds.TICKET_BLOCK, Map.of(SlackIds.TICKET_INPUT, new ViewState.Value()));
    RequestForm f = RequestFormParser.parse(state);
    assertThat(f).isEqualTo(form("prod-payments-db", "read-only", "PT1H", OK_JUSTIFICATION, ""));
    assertThat(f.parsedDuration()).contains(Duration.ofHours(1));
    assertThat(errors(f)).isEmpty();
    assertThat(RequestFormParser.parse(Map.of())).isEqualTo(RequestForm.empty());
    assertThat(RequestFormParser.parse(null)).isEqualTo(RequestForm.empty());
  }

  @Test
  @DisplayName("validate gives one error per bad field, under that field's block")
  void validate() {
    assertThat(errors(form(null, null, null, "short", "two words")))
        .containsOnlyKeys(
            SlackIds.RESOURCE_BLOCK, SlackIds.JUSTIFICATION_BLOCK, SlackIds.TICKET_BLOCK);
    assertThat(errors(form("nope", "x", "PT1H", OK_JUSTIFICATION, "")))
        .containsOnly(entry(SlackIds.RESOURCE_BLOCK, "'nope' is not a resource you can request."));
    assertThat(errors(form("prod-payments-db", null, null, OK_JUSTIFICATION, "")))
        .containsOnly(
            entry(SlackIds.ROLE_BLOCK, "Choose a role."),
            entry(SlackIds.DURATION_BLOCK, "Choose a duration."));
    assertThat(errors(form("prod-payments-db", "edit", "PT8H", OK_JUSTIFICATION, "")))
        .containsOnly(
            entry(SlackIds.ROLE_BLOCK, "'edit' is not a role of prod-payments-db."),
            entry(
                SlackIds.DURATION_BLOCK,
                "8h is longer than the maximum of 4h for prod-payments-db."));
    assertThat(errors(form("prod-payments-db", "read-only", "PT2H", OK_JUSTIFICATION, "")))
        .containsOnly(
            entry(
                SlackIds.DURATION_BLOCK,
                "2h is not one of the durations offered for prod-payments-db: [15m, 1h, 4h]."));
    assertThat(errors(form("prod-payments-db", "read-only", "banana", "x".repeat(2001), "")))
        .containsOnly(
            entry(SlackIds.DURATION_BLOCK, "Choose one of the durations offered."),
            entry(
                SlackIds.JUSTIFICATION_BLOCK,
                "The justification must be at most 2000 characters."));
    assertThat(errors(form("staging-k8s", "edit", "PT2H", "   short   ", "")))
        .containsOnly(
            entry(
                SlackIds.JUSTIFICATION_BLOCK, "The justification must be at least 10 characters."));
    assertThat(errors(form("staging-k8s", "edit", "PT2H", "ok but \u202e hidden", "")))
        .containsOnlyKeys(SlackIds.JUSTIFICATION_BLOCK);
    assertThat(errors(form("staging-k8s", "edit", "PT2H", OK_JUSTIFICATION, "INC-1\u202e2")))
        .containsOnlyKeys(SlackIds.TICKET_BLOCK);
  }

  @Test
  @DisplayName("a value no option has, however long, gets a short message")
  void forgedValues() {
    String long_ = "x".repeat(5000);
    assertThat(errors(form(long_, null, null, OK_JUSTIFICATION, "")))
        .containsOnlyKeys(SlackIds.RESOURCE_BLOCK)
        .allSatisfy((block, message) -> assertThat(message).hasSizeLessThanOrEqualTo(300));
    assertThat(errors(form("prod-payments-db", "NOT A ROLE", "PT1H", OK_JUSTIFICATION, "")))
        .containsOnly(
            entry(SlackIds.ROLE_BLOCK, "'NOT A ROLE' is not a role of prod-payments-db."));
  }

  @ParameterizedTest
  @EnumSource(Rejection.class)
  @DisplayName("every engine rejection maps to a block of the modal, with a short message")
  void errorsFor(Rejection rejection) {
    Map<String, String> errors = RequestFormValidator.errorsFor(rejection, "x".repeat(5000));
    assertThat(errors).hasSize(1);
    assertThat(errors.keySet())
        .allMatch(
            k ->
                List.of(
                        SlackIds.RESOURCE_BLOCK,
                        SlackIds.ROLE_BLOCK,
                        SlackIds.DURATION_BLOCK,
                        SlackIds.JUSTIFICATION_BLOCK,
                        SlackIds.TICKET_BLOCK)
                    .contains(k));
    assertThat(errors.values()).allMatch(m -> m.length() <= 300);
  }

  @Test
  @DisplayName("field rejections land under their field, the rest under the justification")
  void errorsForFields() {
    assertThat(RequestFormValidator.errorsFor(Rejection.UNKNOWN_RESOURCE, "m"))
        .containsOnlyKeys(SlackIds.RESOURCE_BLOCK);
    assertThat(RequestFormValidator.errorsFor(Rejection.UNKNOWN_ROLE, "m"))
        .containsOnlyKeys(SlackIds.ROLE_BLOCK);
    assertThat(RequestFormValidator.errorsFor(Rejection.DURATION_NOT_ALLOWED, "m"))
        .containsOnlyKeys(SlackIds.DURATION_BLOCK);
    assertThat(RequestFormValidator.errorsFor(Rejection.INVALID_JUSTIFICATION, "m"))
        .containsOnlyKeys(SlackIds.JUSTIFICATION_BLOCK);
    assertThat(RequestFormValidator.errorsFor(Rejection.INVALID_TICKET, "m"))
        .containsOnlyKeys(SlackIds.TICKET_BLOCK);
    assertThat(RequestFormValidator.errorsFor(Rejection.ALREADY_OPEN, "You already have one."))
        .containsOnly(entry(SlackIds.JUSTIFICATION_BLOCK, "You already have one."));
  }

  private static ViewState.Value selected(String value) {
    ViewState.Value v = new ViewState.Value();
    ViewState.SelectedOption o = new ViewState.SelectedOption();
    o.setValue(value);
    v.setSelectedOption(o);
    return v;
  }

  private static ViewState.Value typed(String text) {
    ViewState.Value v = new ViewState.Value();
    v.setValue(text);
    return v;
  }
}
