package dev.jit.core;

import dev.jit.core.internal.Texts;
import dev.jit.core.policy.BreakGlassPolicy;
import dev.jit.core.policy.ResourcePolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * The rules a submission's fields must meet, as the engine applies them, for user interfaces that
 * validate as people type (the Slack request modal does): one source, so a form never accepts what
 * the engine then refuses, nor the other way round. Get the engine's with {@link
 * JitEngine#submissionRules()}.
 *
 * @param justificationMin the shortest justification, in characters, after stripping
 * @param justificationMax the longest
 */
public record SubmissionRules(int justificationMin, int justificationMax) {

  public SubmissionRules {
    if (justificationMin < 1 || justificationMax < justificationMin || justificationMax > 3000) {
      throw new IllegalArgumentException(
          "justification length bounds must satisfy 1 <= min <= max <= 3000");
    }
  }

  /** The rules of an engine with these settings. */
  public static SubmissionRules of(EngineSettings settings) {
    return new SubmissionRules(settings.justificationMin(), settings.justificationMax());
  }

  /** The sentence for a resource that is not in the catalog (or not to be named to this user). */
  public static String unknownResource(String resource) {
    return "'" + resource + "' is not a resource you can request.";
  }

  /** The sentence for a role that {@code resource} does not have. */
  public static String unknownRole(String role, ResourcePolicy resource) {
    return "'" + role + "' is not a role of " + resource.id() + ".";
  }

  /** What is wrong with a justification, as a sentence; empty when it is acceptable. */
  public Optional<String> justificationProblem(String justification) {
    return Texts.checkText(justification.strip(), justificationMin, justificationMax)
        .map(p -> "The justification " + p);
  }

  /** What is wrong with a ticket reference; empty when it is acceptable (or empty). */
  public Optional<String> ticketProblem(String ticket) {
    return TextRules.isTicket(ticket.strip())
        ? Optional.empty()
        : Optional.of(
            "The ticket reference must be one word of at most "
                + TextRules.TICKET_MAX
                + " visible characters.");
  }

  /**
   * What is wrong with asking for {@code duration} of break-glass access under {@code bg}: it must
   * be positive and at most the break-glass maximum (refused, not clamped).
   */
  public Optional<String> breakGlassDurationProblem(BreakGlassPolicy bg, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return Optional.of("The duration must be positive.");
    }
    return duration.compareTo(bg.maxDuration()) > 0
        ? Optional.of(
            Texts.human(duration)
                + " is longer than the break-glass maximum of "
                + Texts.human(bg.maxDuration())
                + ".")
        : Optional.empty();
  }

  /** What is wrong with asking for {@code duration} on {@code resource}; empty when allowed. */
  public Optional<String> durationProblem(ResourcePolicy resource, Duration duration) {
    return resource.allowsDuration(duration)
        ? Optional.empty()
        : Optional.of(Texts.durationMessage(resource, duration));
  }
}
