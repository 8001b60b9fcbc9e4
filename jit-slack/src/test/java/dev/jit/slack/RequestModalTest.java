package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.jit.core.Rejection;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.ResourceId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestModalTest {
  private static final String OK_JUSTIFICATION = "Investigating INC-4711 in payments";

  private static RequestModal.Form form(
      String resource, String role, String duration, String justification, String ticket) {
    return new RequestModal.Form(
        Optional.ofNullable(resource),
        Optional.ofNullable(role),
        Optional.ofNullable(duration),
        justification,
        ticket);
  }

  private static InputBlock block(View v, String blockId) {
    return v.getBlocks().stream()
        .filter(InputBlock.class::isInstance)
        .map(InputBlock.class::cast)
        .filter(b -> blockId.equals(b.getBlockId()))
        .findFirst()
        .orElseThrow();
  }

  private static List<Duration> durationsOffered(View v) {
    return ((StaticSelectElement) block(v, SlackIds.DURATION_BLOCK).getElement())
        .getOptions().stream().map(OptionObject::getValue).map(Duration::parse).toList();
  }

  @Test
  @DisplayName(
      "the modal has the fixed callback id, a short title, Request and Cancel, and no private metadata")
  void shape() {
    View v = RequestModal.build(Samples.POLICY, Optional.empty(), RequestModal.Form.empty());
    assertThat(v.getCallbackId()).isEqualTo(SlackIds.REQUEST_MODAL);
    assertThat(v.getTitle().getText()).isEqualTo("Request access").hasSizeLessThanOrEqualTo(24);
    assertThat(v.getSubmit().getText()).isEqualTo("Request");
    assertThat(v.getClose().getText()).isEqualTo("Cancel");
    assertThat(v.getPrivateMetadata() == null ? "" : v.getPrivateMetadata())
        .hasSizeLessThanOrEqualTo(3000);
    assertThat(block(v, SlackIds.RESOURCE_BLOCK).getDispatchAction()).isTrue();
    assertThat(v.getBlocks())
        .noneMatch(b -> b instanceof InputBlock i && SlackIds.ROLE_BLOCK.equals(i.getBlockId()));
    SlackSurfaceChecks.checkView(Samples.json(v));
  }

  @Test
  @DisplayName(
      "a chosen resource brings its roles and only its durations, and keeps what was typed")
  void withResource() {
    var previous = form("prod-payments-db", "read-only", "PT1H", OK_JUSTIFICATION, "INC-1");
    View v = RequestModal.build(Samples.POLICY, Optional.of(Samples.PROD), previous, 20, 1000);
    assertThat(((StaticSelectElement) block(v, SlackIds.ROLE_BLOCK).getElement()).getOptions())
        .extracting(OptionObject::getValue)
        .containsExactly("read-only", "break-glass");
    assertThat(durationsOffered(v))
        .containsExactly(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4));
    assertThat(
            ((StaticSelectElement) block(v, SlackIds.DURATION_BLOCK).getElement())
                .getInitialOption()
                .getValue())
        .isEqualTo("PT1H");
    String json = Samples.pretty(Samples.json(v));
    assertThat(json)
        .contains(
            "\"initial_value\": \"" + OK_JUSTIFICATION + "\"",
            "\"min_length\": 20",
            "\"max_length\": 1000",
            "INC-1");
    assertThat(v.getPrivateMetadata() == null ? "" : v.getPrivateMetadata())
        .hasSizeLessThanOrEqualTo(3000);
  }

  @Test
  @DisplayName("generated durations never exceed maxDuration, which is always offered")
  void durationLadderIsCapped() {
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      Duration max =
          Duration.ofMinutes(1 + random.nextInt((int) ResourcePolicy.MAX_DURATION.toMinutes()));
      Policy p =
          PolicyLoader.parse(
              Samples.POLICY_YAML.replace(
                  "maxDuration: 1d", "maxDuration: " + max.toMinutes() + "m"),
              "t");
      View v =
          RequestModal.build(
              p, Optional.of(new ResourceId("staging-k8s")), RequestModal.Form.empty());
      List<Duration> offered = durationsOffered(v);
      assertThat(offered).allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(max));
      assertThat(offered).last().isEqualTo(max);
      assertThat(offered).isSorted().doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(100);
    }
  }

  private static Policy catalog(int size, int groups) {
    StringBuilder yaml = new StringBuilder("resources:\n");
    for (int i = 0; i < size; i++) {
      yaml.append("  res-").append(i).append(":\n    description: Resource ").append(i);
      if (groups > 0 && i % 10 != 9) {
        yaml.append("\n    group: Team ").append(i % groups);
      }
      yaml.append(
          "\n    owners: {users: [U0OWNER1]}\n    requiredApprovals: 1\n    approvalTimeout: 1h\n"
              + "    maxDuration: 1h\n    requesters: {everyone: true}\n    roles:\n      r:\n"
              + "        steps:\n          - {backend: b, principal: email}\n");
    }
    return PolicyLoader.parse(yaml.toString(), "catalog");
  }

  @Test
  @DisplayName(
      "resources are listed under their policy group headings, ungrouped ones last under Other")
  void groupedResources() {
    View v = RequestModal.build(catalog(30, 3), Optional.empty(), RequestModal.Form.empty());
    StaticSelectElement select =
        (StaticSelectElement) block(v, SlackIds.RESOURCE_BLOCK).getElement();
    assertThat(select.getOptions()).isNull();
    assertThat(select.getOptionGroups())
        .extracting(g -> g.getLabel().getText())
        .containsExactly("Team 0", "Team 1", "Team 2", "Other");
    assertThat(select.getOptionGroups().get(3).getOptions())
        .extracting(OptionObject::getValue)
        .containsExactly("res-9", "res-19", "res-29");
    assertThat(select.getOptionGroups().stream().mapToInt(g -> g.getOptions().size()).sum())
        .isEqualTo(30);
  }

  @Test
  @DisplayName("groups let a static select hold more than 100 resources, 100 per group")
  void groupsHoldLargeCatalogs() {
    View v = RequestModal.build(catalog(250, 3), Optional.empty(), RequestModal.Form.empty());
    StaticSelectElement select =
        (StaticSelectElement) block(v, SlackIds.RESOURCE_BLOCK).getElement();
    assertThat(select.getOptionGroups()).hasSize(4);
    assertThat(select.getOptionGroups())
        .allSatisfy(g -> assertThat(g.getOptions()).hasSizeLessThanOrEqualTo(100));
  }

  @Test
  @DisplayName(
      "more than 100 resources switch to an external select, whose options load 100 at most")
  void largeCatalog() {
    StringBuilder yaml = new StringBuilder("resources:\n");
    for (int i = 0; i < 150; i++) {
      yaml.append("  res-")
          .append(i)
          .append(":\n    description: Resource ")
          .append(i)
          .append(
              "\n    owners: {users: [U0OWNER1]}\n    requiredApprovals: 1\n    approvalTimeout: 1h\n    maxDuration: 1h\n    requesters: {everyone: true}\n    roles:\n      r:\n        steps:\n          - {backend: b, principal: email}\n");
    }
    Policy p = PolicyLoader.parse(yaml.toString(), "big");
    View v = RequestModal.build(p, Optional.empty(), RequestModal.Form.empty());
    assertThat(block(v, SlackIds.RESOURCE_BLOCK).getElement())
        .isInstanceOf(com.slack.api.model.block.element.ExternalSelectElement.class);
    assertThat(RequestModal.resourceOptions(p, "")).hasSize(100);
    assertThat(RequestModal.resourceOptions(p, "res-14"))
        .extracting(OptionObject::getValue)
        .containsExactly(
            "res-14", "res-140", "res-141", "res-142", "res-143", "res-144", "res-145", "res-146",
            "res-147", "res-148", "res-149");
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
    RequestModal.Form f = RequestModal.parse(state);
    assertThat(f).isEqualTo(form("prod-payments-db", "read-only", "PT1H", OK_JUSTIFICATION, ""));
    assertThat(f.parsedDuration()).contains(Duration.ofHours(1));
    assertThat(RequestModal.validate(f, Samples.POLICY, 10, 2000)).isEmpty();
    assertThat(RequestModal.parse(Map.of())).isEqualTo(RequestModal.Form.empty());
    assertThat(RequestModal.parse(null)).isEqualTo(RequestModal.Form.empty());
  }

  @Test
  @DisplayName("validate gives one error per bad field, under that field's block")
  void validate() {
    assertThat(
            RequestModal.validate(
                form(null, null, null, "short", "two words"), Samples.POLICY, 10, 2000))
        .containsOnlyKeys(
            SlackIds.RESOURCE_BLOCK, SlackIds.JUSTIFICATION_BLOCK, SlackIds.TICKET_BLOCK);
    assertThat(
            RequestModal.validate(
                form("nope", "x", "PT1H", OK_JUSTIFICATION, ""), Samples.POLICY, 10, 2000))
        .containsOnlyKeys(SlackIds.RESOURCE_BLOCK);
    assertThat(
            RequestModal.validate(
                form("prod-payments-db", null, null, OK_JUSTIFICATION, ""),
                Samples.POLICY,
                10,
                2000))
        .containsOnly(
            entry(SlackIds.ROLE_BLOCK, "Choose a role."),
            entry(SlackIds.DURATION_BLOCK, "Choose a duration."));
    assertThat(
            RequestModal.validate(
                form("prod-payments-db", "edit", "PT8H", OK_JUSTIFICATION, ""),
                Samples.POLICY,
                10,
                2000))
        .containsOnly(
            entry(SlackIds.ROLE_BLOCK, "Choose one of the roles of prod-payments-db."),
            entry(SlackIds.DURATION_BLOCK, "At most 4h for prod-payments-db."));
    assertThat(
            RequestModal.validate(
                form("prod-payments-db", "read-only", "PT2H", OK_JUSTIFICATION, ""),
                Samples.POLICY,
                10,
                2000))
        .containsOnly(entry(SlackIds.DURATION_BLOCK, "Choose one of the durations offered."));
    assertThat(
            RequestModal.validate(
                form("prod-payments-db", "read-only", "banana", "x".repeat(2001), ""),
                Samples.POLICY,
                10,
                2000))
        .containsOnlyKeys(SlackIds.DURATION_BLOCK, SlackIds.JUSTIFICATION_BLOCK)
        .containsEntry(
            SlackIds.JUSTIFICATION_BLOCK, "Keep it to at most 2000 characters (you wrote 2001).");
    assertThat(
            RequestModal.validate(
                form("staging-k8s", "edit", "PT2H", "   short   ", ""), Samples.POLICY, 10, 2000))
        .containsOnly(
            entry(
                SlackIds.JUSTIFICATION_BLOCK,
                "Tell the approvers why, in at least 10 characters (you wrote 5)."));
    assertThat(
            RequestModal.validate(
                form("staging-k8s", "edit", "PT2H", "ok but \u202e hidden", ""),
                Samples.POLICY,
                10,
                2000))
        .containsOnlyKeys(SlackIds.JUSTIFICATION_BLOCK);
    assertThat(
            RequestModal.validate(
                form("staging-k8s", "edit", "PT2H", OK_JUSTIFICATION, "INC-1\u202e2"),
                Samples.POLICY,
                10,
                2000))
        .containsOnlyKeys(SlackIds.TICKET_BLOCK);
  }

  @ParameterizedTest
  @EnumSource(Rejection.class)
  @DisplayName("every engine rejection maps to a block of the modal, with a short message")
  void errorsFor(Rejection rejection) {
    Map<String, String> errors = RequestModal.errorsFor(rejection, "x".repeat(5000));
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
    assertThat(RequestModal.errorsFor(Rejection.UNKNOWN_RESOURCE, "m"))
        .containsOnlyKeys(SlackIds.RESOURCE_BLOCK);
    assertThat(RequestModal.errorsFor(Rejection.UNKNOWN_ROLE, "m"))
        .containsOnlyKeys(SlackIds.ROLE_BLOCK);
    assertThat(RequestModal.errorsFor(Rejection.DURATION_NOT_ALLOWED, "m"))
        .containsOnlyKeys(SlackIds.DURATION_BLOCK);
    assertThat(RequestModal.errorsFor(Rejection.INVALID_JUSTIFICATION, "m"))
        .containsOnlyKeys(SlackIds.JUSTIFICATION_BLOCK);
    assertThat(RequestModal.errorsFor(Rejection.INVALID_TICKET, "m"))
        .containsOnlyKeys(SlackIds.TICKET_BLOCK);
    assertThat(RequestModal.errorsFor(Rejection.ALREADY_OPEN, "You already have one."))
        .containsOnly(entry(SlackIds.JUSTIFICATION_BLOCK, "You already have one."));
  }

  @Test
  @DisplayName("a huge previous input and long descriptions still fit the modal's limits")
  void hugePreviousInput() {
    String huge = "<&>".repeat(1000);
    View v =
        RequestModal.build(
            Samples.POLICY,
            Optional.of(Samples.PROD),
            form("prod-payments-db", "read-only", "PT1H", huge, huge),
            10,
            2000);
    SlackSurfaceChecks.checkView(Samples.json(v));
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
