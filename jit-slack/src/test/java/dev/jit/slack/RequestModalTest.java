package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import dev.jit.core.SubmissionRules;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.ResourceId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestModalTest {
  static final String OK_JUSTIFICATION = "Investigating INC-4711 in payments";

  static RequestForm form(
      String resource, String role, String duration, String justification, String ticket) {
    return new RequestForm(
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
    View v =
        RequestModal.build(Samples.POLICY, Optional.empty(), RequestForm.empty(), Samples.RULES);
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
    View v =
        RequestModal.build(
            Samples.POLICY, Optional.of(Samples.PROD), previous, new SubmissionRules(20, 1000));
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
              p, Optional.of(new ResourceId("staging-k8s")), RequestForm.empty(), Samples.RULES);
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
    View v =
        RequestModal.build(catalog(30, 3), Optional.empty(), RequestForm.empty(), Samples.RULES);
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
    View v =
        RequestModal.build(catalog(250, 3), Optional.empty(), RequestForm.empty(), Samples.RULES);
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
    View v = RequestModal.build(p, Optional.empty(), RequestForm.empty(), Samples.RULES);
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
  @DisplayName("a huge previous input and long descriptions still fit the modal's limits")
  void hugePreviousInput() {
    String huge = "<&>".repeat(1000);
    View v =
        RequestModal.build(
            Samples.POLICY,
            Optional.of(Samples.PROD),
            form("prod-payments-db", "read-only", "PT1H", huge, huge),
            Samples.RULES);
    SlackSurfaceChecks.checkView(Samples.json(v));
  }
}
