package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.view.View;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApprovalMessageTest {
  private static List<ButtonElement> buttons(List<LayoutBlock> blocks) {
    return blocks.stream()
        .filter(ActionsBlock.class::isInstance)
        .flatMap(b -> ((ActionsBlock) b).getElements().stream())
        .map(ButtonElement.class::cast)
        .toList();
  }

  private static String status(List<LayoutBlock> blocks) {
    return blocks.stream()
        .filter(SectionBlock.class::isInstance)
        .map(SectionBlock.class::cast)
        .filter(s -> SlackIds.STATUS_BLOCK.equals(s.getBlockId()))
        .map(s -> s.getText().getText())
        .findFirst()
        .orElse("");
  }

  @Test
  @DisplayName(
      "a pending request has Approve (primary) and Deny (danger) with the request id and a confirm")
  void pendingHasButtons() {
    AccessRequest r = Samples.request(RequestStatus.PENDING);
    List<ButtonElement> buttons = buttons(ApprovalMessage.blocks(r, ResourceDisplay.none()));
    assertThat(buttons)
        .extracting(ButtonElement::getActionId)
        .containsExactly(SlackIds.APPROVE, SlackIds.DENY);
    assertThat(buttons).extracting(ButtonElement::getStyle).containsExactly("primary", "danger");
    assertThat(buttons)
        .allSatisfy(
            b -> {
              assertThat(b.getValue()).isEqualTo(r.id().value());
              assertThat(b.getConfirm().getTitle().getText()).isNotBlank();
              assertThat(b.getConfirm().getConfirm().getText()).isNotBlank();
              assertThat(b.getConfirm().getDeny().getText()).isNotBlank();
            });
  }

  @ParameterizedTest
  @EnumSource(value = RequestStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
  @DisplayName("once decided, the buttons are gone and a status line says where the request stands")
  void decidedHasStatus(RequestStatus s) {
    List<LayoutBlock> blocks = ApprovalMessage.blocks(Samples.request(s), ResourceDisplay.none());
    assertThat(buttons(blocks)).isEmpty();
    assertThat(status(blocks)).isNotBlank();
    SlackSurfaceChecks.checkMessage(Samples.json(new SlackMessage("x", blocks)));
  }

  @Test
  @DisplayName("status lines name who decided, why, until when, and attempts")
  void statusLines() {
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.APPROVED), ResourceDisplay.none())))
        .contains("Granting");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.ACTIVE), ResourceDisplay.none())))
        .contains("until <!date^");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.DENIED), ResourceDisplay.none())))
        .contains("Denied by <@U0OWNER2>", "read replica");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.REVOKED), ResourceDisplay.none())))
        .contains("Revoked by <@U0ADMIN1>");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.REVOCATION_FAILING), ResourceDisplay.none())))
        .contains("5 attempts", "Escalated");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.ROLLBACK_FAILING), ResourceDisplay.none())))
        .contains("7 attempts", Samples.ID.value())
        .doesNotContain("connection refused");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.GRANT_FAILED), ResourceDisplay.none())))
        .contains("failed", Samples.ID.value())
        .doesNotContain("does not exist");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.TIMED_OUT), ResourceDisplay.none())))
        .contains("Timed out");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.CANCELLED), ResourceDisplay.none())))
        .contains("Cancelled");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.EXPIRED), ResourceDisplay.none())))
        .contains("Expired");
    assertThat(
            status(
                ApprovalMessage.blocks(
                    Samples.request(RequestStatus.ROLLED_BACK), ResourceDisplay.none())))
        .contains("rolled back");
  }

  @Test
  @DisplayName(
      "3000 characters of <&> in justification, reason, ticket and descriptions stay within limits")
  void hugeInputsStayWithinLimits() {
    String huge = "<&>".repeat(1000);
    String lines = "<\n".repeat(1500);
    for (String text : List.of(huge, lines)) {
      for (RequestStatus s : RequestStatus.values()) {
        AccessRequest r =
            Samples.request(s).toBuilder()
                .justification(text)
                .reason(text)
                .ticket(huge.substring(0, 128))
                .build();
        SlackSurfaceChecks.checkMessage(
            Samples.json(ApprovalMessage.message(r, new ResourceDisplay(text, text))));
        SlackSurfaceChecks.checkMessage(Samples.json(ApproverMessages.nudge(r)));
        SlackSurfaceChecks.checkMessage(Samples.json(Escalations.message(r, text)));
        SlackSurfaceChecks.checkMessage(Samples.json(RequesterMessages.denied(r, text)));
        SlackSurfaceChecks.checkMessage(Samples.json(RequesterMessages.failed(r, text)));
      }
    }
  }

  @Test
  @DisplayName("the App Home caps each list, says how many more, and stays within 100 blocks")
  void appHomeCaps() {
    List<AccessRequest> many =
        java.util.stream.IntStream.range(0, 300)
            .mapToObj(
                i ->
                    Samples.request(RequestStatus.PENDING).toBuilder()
                        .id(new dev.jit.spi.RequestId("req-" + i))
                        .justification("<&>".repeat(1000))
                        .build())
            .toList();
    View home = AppHome.build(Samples.REQUESTER, many, many, many);
    assertThat(home.getBlocks()).hasSizeLessThanOrEqualTo(100);
    View admin = AppHome.build(Samples.REQUESTER, many, many, many, many);
    assertThat(admin.getBlocks()).hasSizeLessThanOrEqualTo(100);
    assertThat(Samples.pretty(Samples.json(admin)))
        .contains("Everyone's active grants (admin)", "and 294 more");
    SlackSurfaceChecks.checkView(Samples.json(admin));
    assertThat(Samples.pretty(Samples.json(home))).contains("and 280 more");
    SlackSurfaceChecks.checkView(Samples.json(home));
    View extendable = AppHome.build(Samples.REQUESTER, many, many, many, many, r -> true);
    assertThat(extendable.getBlocks()).hasSizeLessThanOrEqualTo(100);
    assertThat(Samples.pretty(Samples.json(extendable))).contains("and 290 more", SlackIds.EXTEND);
    SlackSurfaceChecks.checkView(Samples.json(extendable));
    View empty = AppHome.build(Samples.REQUESTER, List.of(), List.of(), List.of());
    assertThat(Samples.pretty(Samples.json(empty)))
        .contains("No active access.", SlackIds.OPEN_REQUEST_MODAL);
  }

  @Test
  @DisplayName(
      "App Home offers Revoke now only on an ACTIVE grant: one still being granted, being revoked"
          + " or rolled back shows its state and no button")
  void revokeOnlyWhenActive() {
    List<AccessRequest> holding =
        java.util.stream.Stream.of(
                RequestStatus.APPROVED,
                RequestStatus.ACTIVE,
                RequestStatus.GRANT_FAILED,
                RequestStatus.REVOKING,
                RequestStatus.REVOCATION_FAILING)
            .map(
                s ->
                    Samples.request(s).toBuilder()
                        .id(
                            new RequestId(
                                "r-"
                                    + s.name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', '-')))
                        .expiresAt(Optional.of(Samples.NOW.plus(Duration.ofHours(1))))
                        .build())
            .toList();
    for (View home :
        List.of(
            AppHome.build(Samples.REQUESTER, holding, List.of(), List.of()),
            AppHome.build(Samples.ADMIN, List.of(), List.of(), List.of(), holding))) {
      String json = Samples.pretty(Samples.json(home));
      assertThat(json.split(SlackIds.REVOKE + "\"", -1)).as(json).hasSize(2);
      assertThat(json).contains("\"r-active\"").doesNotContain("\"r-approved\"");
      assertThat(json).contains("being granted", "revoking", "grant failed");
      SlackSurfaceChecks.checkView(Samples.json(home));
    }
  }

  @Test
  @DisplayName("the deny reason modal carries the request id and asks for 1 to 500 characters")
  void denyModal() {
    View v = DenyReasonModal.build(Samples.ID);
    assertThat(v.getCallbackId()).isEqualTo(SlackIds.DENY_REASON_MODAL);
    assertThat(v.getPrivateMetadata()).isEqualTo(Samples.ID.value());
    assertThat(Samples.pretty(Samples.json(v)))
        .contains("\"min_length\": 1", "\"max_length\": 500");
    SlackSurfaceChecks.checkView(Samples.json(v));
  }
}
