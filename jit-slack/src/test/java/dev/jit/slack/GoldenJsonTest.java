package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Renders every surface for the fixed {@link Samples} and compares the JSON with the files under
 * {@code docs/block-kit/} at the repository root. Run with {@code -Djit.golden.update=true} to
 * rewrite them after an intended change, and review the diff.
 */
class GoldenJsonTest {
  private static final boolean UPDATE = Boolean.getBoolean("jit.golden.update");

  static Path goldenDir() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(basedir).resolve("../docs/block-kit").normalize();
  }

  static Map<String, JsonElement> surfaces() {
    Map<String, JsonElement> s = new LinkedHashMap<>();
    s.put(
        "request-modal.json",
        Samples.json(
            RequestModal.build(
                Samples.POLICY, Optional.empty(), RequestForm.empty(), Samples.RULES)));
    s.put(
        "request-modal-with-resource.json",
        Samples.json(
            RequestModal.build(
                Samples.POLICY,
                Optional.of(Samples.PROD),
                new RequestForm(
                    Optional.of(Samples.PROD.value()),
                    Optional.empty(),
                    Optional.empty(),
                    "Investigating INC-4711",
                    "INC-4711"),
                Samples.RULES)));
    ResourceDisplay display =
        ResourceDisplay.of(Samples.POLICY, Samples.request(RequestStatus.PENDING));
    s.put("approval-pending.json", approval(Samples.pending().build(), display));
    s.put(
        "approval-partially-approved.json",
        approval(Samples.request(RequestStatus.PENDING), display));
    s.put("approval-active.json", approval(Samples.request(RequestStatus.ACTIVE), display));
    s.put("approval-denied.json", approval(Samples.request(RequestStatus.DENIED), display));
    s.put(
        "approval-revocation-failing.json",
        approval(Samples.request(RequestStatus.REVOCATION_FAILING), display));
    s.put("deny-reason-modal.json", Samples.json(DenyReasonModal.build(Samples.ID)));
    s.put(
        "dm-granted.json",
        Samples.json(RequesterMessages.granted(Samples.request(RequestStatus.ACTIVE))));
    s.put(
        "dm-denied.json",
        Samples.json(RequesterMessages.denied(Samples.request(RequestStatus.DENIED), "")));
    s.put(
        "dm-failed.json",
        Samples.json(RequesterMessages.failed(Samples.request(RequestStatus.GRANT_FAILED), "")));
    s.put(
        "dm-expiring-soon.json",
        Samples.json(RequesterMessages.expiringSoon(Samples.request(RequestStatus.ACTIVE))));
    s.put(
        "nudge.json", Samples.json(ApproverMessages.nudge(Samples.request(RequestStatus.PENDING))));
    s.put(
        "escalation.json",
        Samples.json(Escalations.message(Samples.request(RequestStatus.REVOCATION_FAILING), "")));
    s.put(
        "dm-expiring-soon-extendable.json",
        Samples.json(RequesterMessages.expiringSoon(Samples.request(RequestStatus.ACTIVE), true)));
    s.put(
        "break-glass-announced.json",
        Samples.json(BreakGlassMessages.announced(Samples.breakGlass())));
    s.put(
        "break-glass-review-due.json",
        Samples.json(BreakGlassMessages.reviewDue(Samples.breakGlass())));
    s.put(
        "break-glass-review-overdue.json",
        Samples.json(
            BreakGlassMessages.reviewOverdue(
                Samples.breakGlass().toBuilder()
                    .breakGlass(
                        Samples.breakGlass().breakGlass().map(b -> b.escalated().escalated()))
                    .build())));
    s.put(
        "break-glass-not-justified.json",
        Samples.json(
            BreakGlassMessages.reviewed(
                Samples.reviewed(dev.jit.spi.BreakGlass.Verdict.NOT_JUSTIFIED),
                "Checked INC-4711",
                true)));
    s.put(
        "break-glass-review-modal.json",
        Samples.json(
            AmendmentModals.review(
                Samples.breakGlass(), dev.jit.spi.BreakGlass.Verdict.NOT_JUSTIFIED)));
    s.put(
        "extension-requested.json", Samples.json(ExtensionMessages.requested(Samples.extending())));
    s.put(
        "extension-modal.json",
        Samples.json(
            AmendmentModals.extend(
                Samples.request(RequestStatus.ACTIVE),
                List.of(java.time.Duration.ofMinutes(15), java.time.Duration.ofHours(1)))));
    s.put(
        "deny-extension-modal.json",
        Samples.json(AmendmentModals.denyExtension(Samples.extending())));
    s.put(
        "dm-extended.json",
        Samples.json(ExtensionMessages.extended(Samples.request(RequestStatus.ACTIVE))));
    s.put(
        "dm-extension-denied.json",
        Samples.json(
            ExtensionMessages.denied(Samples.request(RequestStatus.ACTIVE), "Finish tomorrow")));
    s.put(
        "app-home-break-glass-and-extensions.json",
        Samples.json(
            AppHome.build(
                Samples.REQUESTER,
                List.of(
                    Samples.request(RequestStatus.ACTIVE),
                    Samples.breakGlass().toBuilder()
                        .id(new dev.jit.spi.RequestId("0a1b2c3d-0000-4000-8000-00000000000d"))
                        .build()),
                List.of(),
                List.of(
                    Samples.extending().toBuilder()
                        .id(new dev.jit.spi.RequestId("0a1b2c3d-0000-4000-8000-00000000000e"))
                        .requester(Samples.OWNER2)
                        .build(),
                    Samples.breakGlass().toBuilder()
                        .id(new dev.jit.spi.RequestId("0a1b2c3d-0000-4000-8000-00000000000f"))
                        .requester(Samples.OWNER2)
                        .build()),
                List.of(),
                r -> !r.isBreakGlass(),
                true)));
    s.put(
        "break-glass-modal.json",
        Samples.json(
            BreakGlassModal.build(
                List.of(
                    new dev.jit.core.policy.BreakGlassChoice(
                        Samples.PROD,
                        Samples.READ,
                        new dev.jit.core.policy.BreakGlassPolicy(
                            java.util.Set.of(Samples.REQUESTER),
                            java.util.Set.of(),
                            java.time.Duration.ofHours(1),
                            "C0SECURITY",
                            java.time.Duration.ofHours(24),
                            java.time.Duration.ofHours(4),
                            Optional.empty()))))));
    s.put(
        "app-home.json",
        Samples.json(
            AppHome.build(
                Samples.REQUESTER,
                List.of(Samples.request(RequestStatus.ACTIVE)),
                List.of(
                    Samples.pending()
                        .id(new dev.jit.spi.RequestId("0a1b2c3d-0000-4000-8000-00000000000b"))
                        .build()),
                List.of(
                    Samples.pending()
                        .id(new dev.jit.spi.RequestId("0a1b2c3d-0000-4000-8000-00000000000c"))
                        .requester(Samples.OWNER2)
                        .build()))));
    return s;
  }

  private static JsonElement approval(dev.jit.spi.AccessRequest r, ResourceDisplay display) {
    return Samples.json(ApprovalMessage.message(r, display));
  }

  @Test
  @DisplayName("every surface renders exactly as its file under docs/block-kit")
  void surfacesMatchTheGoldenFiles() throws IOException {
    Path dir = goldenDir();
    Map<String, JsonElement> surfaces = surfaces();
    if (UPDATE) {
      Files.createDirectories(dir);
      for (var e : surfaces.entrySet()) {
        Files.writeString(
            dir.resolve(e.getKey()), Samples.pretty(e.getValue()), StandardCharsets.UTF_8);
      }
    }
    StringBuilder problems = new StringBuilder();
    for (var e : surfaces.entrySet()) {
      Path file = dir.resolve(e.getKey());
      String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      String actual = Samples.pretty(e.getValue());
      if (expected == null) {
        problems.append("\n  missing: ").append(file);
      } else if (!expected.equals(actual)) {
        problems.append("\n  differs: ").append(file).append(firstDifference(expected, actual));
      }
    }
    if (problems.length() > 0) {
      fail(
          "Rendered Block Kit JSON does not match docs/block-kit:"
              + problems
              + "\nIf the change is intended, regenerate the files with\n"
              + "  ./mvnw -q -pl jit-slack -am verify -Djit.golden.update=true\n"
              + "and review the diff before committing.");
    }
  }

  @Test
  @DisplayName("docs/block-kit holds no file that no surface produces")
  void noStaleGoldenFiles() throws IOException {
    Set<String> expected = surfaces().keySet();
    try (Stream<Path> files = Files.list(goldenDir())) {
      Set<String> present =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toSet());
      assertThat(present).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("every golden surface is within Slack's limits and its mrkdwn is inert")
  void goldenSurfacesRespectLimits() {
    surfaces()
        .forEach(
            (name, json) -> {
              if (json.getAsJsonObject().has("type")) {
                SlackSurfaceChecks.checkView(json);
              } else {
                SlackSurfaceChecks.checkMessage(json);
              }
            });
  }

  @Test
  @DisplayName("every notification kind renders a message within limits")
  void everyNotificationKindRenders() {
    for (NotificationKind kind : NotificationKind.values()) {
      for (RequestStatus status : RequestStatus.values()) {
        SlackMessage m =
            Surfaces.forNotification(
                new Notification(
                    kind, Samples.request(status), Set.of(Samples.REQUESTER), "detail & <reason>"));
        SlackSurfaceChecks.checkMessage(Samples.json(m));
      }
    }
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end of file>";
      String al = i < a.length ? a[i] : "<end of output>";
      if (!el.equals(al)) {
        return " (line "
            + (i + 1)
            + ": expected `"
            + el.strip()
            + "`, rendered `"
            + al.strip()
            + "`)";
      }
    }
    return "";
  }
}
