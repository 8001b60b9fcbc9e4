package dev.jit.slack.internal;

import dev.jit.core.Command;
import dev.jit.core.Rejection;
import dev.jit.core.SubmissionRules;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.slack.Mrkdwn;
import dev.jit.slack.RequestForm;
import dev.jit.slack.SlackIds;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a {@link RequestForm} before it is submitted, by the engine's own rules: the policy
 * catalog, {@link SubmissionRules} (text bounds, the visible-text rule, durations) and {@link
 * dev.jit.core.Durations}, so the modal never accepts what the engine refuses nor the other way
 * round. A problem the engine would refuse is worded as the engine words it; only what the engine
 * never sees (a field left empty, a duration no option has) has words of its own. Where the engine
 * stops at the first problem this gives every one, so the person fixes them in one go. Pure.
 *
 * <p>Core does not offer the two catalog sentences (an unknown resource, a role the resource does
 * not have) as it offers the {@link SubmissionRules} ones, so they are written here as the engine
 * writes them; {@code ModalAgreesWithEngineTest} fails when the two drift apart.
 */
public final class RequestFormValidator {
  /** Error messages are shown under a field; keep them a sentence or two. */
  static final int ERROR_MAX = 300;

  private RequestFormValidator() {}

  /**
   * Every problem with {@code form}, as block id → a message for the person; empty when it can be
   * submitted. Role and duration are checked once a known resource is chosen (before that the modal
   * does not show them).
   */
  public static Map<String, String> errors(RequestForm form, Policy policy, SubmissionRules rules) {
    Map<String, String> errors = new LinkedHashMap<>();
    Optional<ResourcePolicy> resource = Optional.empty();
    if (form.resource().isEmpty()) {
      errors.put(SlackIds.RESOURCE_BLOCK, "Choose a resource.");
    } else {
      String chosen = form.resource().get();
      resource = Payloads.resourceId(chosen).flatMap(policy::resource);
      if (resource.isEmpty()) {
        errors.put(SlackIds.RESOURCE_BLOCK, SubmissionRules.unknownResource(chosen));
      }
    }
    resource.ifPresent(rp -> checkRoleAndDuration(form, rp, rules, errors));
    rules
        .justificationProblem(form.justification())
        .ifPresent(m -> errors.put(SlackIds.JUSTIFICATION_BLOCK, m));
    rules.ticketProblem(form.ticket()).ifPresent(m -> errors.put(SlackIds.TICKET_BLOCK, m));
    errors.replaceAll((block, message) -> brief(message));
    return Collections.unmodifiableMap(errors);
  }

  /**
   * The engine command for a form {@link #errors} found nothing wrong with; text is stripped as the
   * engine strips it.
   *
   * @throws IllegalArgumentException when a field is missing or unreadable
   */
  public static Command.Submit submission(RequestForm form, UserId user, IdempotencyKey key) {
    Duration duration =
        form.parsedDuration().orElseThrow(() -> new IllegalArgumentException("no duration"));
    return new Command.Submit(
        user,
        new ResourceId(form.resource().orElseThrow(() -> new IllegalArgumentException("none"))),
        new RoleName(form.role().orElseThrow(() -> new IllegalArgumentException("no role"))),
        duration,
        form.justification().strip(),
        form.ticket().strip(),
        key);
  }

  /**
   * The block a refusal by the engine belongs under, with the engine's message: field problems go
   * under their field, anything else under the justification as a general error.
   */
  public static Map<String, String> errorsFor(Rejection rejection, String message) {
    String block =
        switch (rejection) {
          case UNKNOWN_RESOURCE -> SlackIds.RESOURCE_BLOCK;
          case UNKNOWN_ROLE -> SlackIds.ROLE_BLOCK;
          case DURATION_NOT_ALLOWED -> SlackIds.DURATION_BLOCK;
          case INVALID_TICKET -> SlackIds.TICKET_BLOCK;
          default -> SlackIds.JUSTIFICATION_BLOCK;
        };
    String text = message == null || message.isBlank() ? "This request was refused." : message;
    return Map.of(block, brief(text));
  }

  private static void checkRoleAndDuration(
      RequestForm form, ResourcePolicy rp, SubmissionRules rules, Map<String, String> errors) {
    if (form.role().isEmpty()) {
      errors.put(SlackIds.ROLE_BLOCK, "Choose a role.");
    } else if (Payloads.roleName(form.role().get()).flatMap(rp::role).isEmpty()) {
      errors.put(SlackIds.ROLE_BLOCK, SubmissionRules.unknownRole(form.role().get(), rp));
    }
    if (form.duration().isEmpty()) {
      errors.put(SlackIds.DURATION_BLOCK, "Choose a duration.");
      return;
    }
    Optional<Duration> d = form.parsedDuration();
    if (d.isEmpty()) {
      errors.put(SlackIds.DURATION_BLOCK, "Choose one of the durations offered.");
      return;
    }
    rules.durationProblem(rp, d.get()).ifPresent(m -> errors.put(SlackIds.DURATION_BLOCK, m));
  }

  private static String brief(String message) {
    return Mrkdwn.truncate(message.strip(), ERROR_MAX);
  }
}
