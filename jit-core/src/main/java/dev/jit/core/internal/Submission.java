package dev.jit.core.internal;

import dev.jit.core.Command;
import dev.jit.core.EngineSettings;
import dev.jit.core.Lifecycle;
import dev.jit.core.Outcome;
import dev.jit.core.Rejection;
import dev.jit.core.SubmissionRules;
import dev.jit.core.policy.BreakGlassPolicy;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.core.policy.StepTemplate;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approvers;
import dev.jit.spi.Directory;
import dev.jit.spi.GrantStep;
import dev.jit.spi.JitException;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.RequestStore;
import dev.jit.spi.UserProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks a submission must pass, in order: the catalog (default deny), the duration, the text,
 * the requester (active, allowed, with every identity the grant steps need), a reachable quorum,
 * and no open request for the same access. The first problem is the answer.
 */
public final class Submission {
  private static final Logger LOG = LoggerFactory.getLogger(Submission.class);
  private static final int PAGE = 500;

  private Submission() {}

  /** What a valid submission resolves to. */
  public record Valid(
      ResourcePolicy resource,
      String justification,
      String ticket,
      List<GrantStep> steps,
      Approvers approvers,
      Optional<BreakGlassPolicy> breakGlass) {}

  /** Either the valid submission or the outcome refusing it. */
  public record Checked(Optional<Valid> valid, Optional<Outcome> rejected) {}

  public static Checked check(
      Command.Submit c,
      Policy p,
      People people,
      Directory directory,
      OwnerResolver owners,
      RequestStore store,
      EngineSettings settings,
      BinaryOperator<String> canonicalPrincipal,
      boolean breakGlass) {
    Optional<ResourcePolicy> resource = p.resource(c.resource());
    if (resource.isEmpty()) {
      return rejected(
          Rejection.UNKNOWN_RESOURCE, SubmissionRules.unknownResource(c.resource().value()));
    }
    ResourcePolicy rp = resource.get();
    Optional<RolePolicy> role = rp.role(c.role());
    if (role.isEmpty()) {
      return rejected(Rejection.UNKNOWN_ROLE, SubmissionRules.unknownRole(c.role().value(), rp));
    }
    Optional<BreakGlassPolicy> bg = breakGlass ? role.get().breakGlass() : Optional.empty();
    if (breakGlass && bg.isEmpty()) {
      return rejected(
          Rejection.NOT_BREAK_GLASS,
          c.role() + " on " + rp.id() + " does not allow break-glass access.");
    }
    SubmissionRules rules = SubmissionRules.of(settings);
    Optional<String> badDuration =
        bg.isPresent()
            ? rules.breakGlassDurationProblem(bg.get(), c.duration())
            : rules.durationProblem(rp, c.duration());
    if (badDuration.isPresent()) {
      return rejected(Rejection.DURATION_NOT_ALLOWED, badDuration.get());
    }
    String justification = c.justification().strip();
    Optional<String> badText = rules.justificationProblem(justification);
    if (badText.isPresent()) {
      return rejected(Rejection.INVALID_JUSTIFICATION, badText.get());
    }
    String ticket = c.ticket().strip();
    Optional<String> badTicket = rules.ticketProblem(ticket);
    if (badTicket.isPresent()) {
      return rejected(Rejection.INVALID_TICKET, badTicket.get());
    }
    List<GrantStep> steps = new ArrayList<>();
    Approvers approvers;
    try {
      Optional<UserProfile> requester = directory.user(c.requester());
      if (requester.isEmpty() || !requester.get().active()) {
        return rejected(Rejection.INACTIVE_USER, "Your account is not active in the directory.");
      }
      if (bg.isPresent()
          ? !people.mayBreakGlass(bg.get(), c.requester())
          : !people.mayRequest(rp, c.requester())) {
        return rejected(
            Rejection.NOT_ALLOWED_TO_REQUEST,
            bg.isPresent()
                ? "You are not allowed to use break-glass on " + rp.id() + "."
                : "You are not allowed to request access to " + rp.id() + ".");
      }
      for (StepTemplate t : role.get().steps()) {
        Optional<String> principal = requester.get().identity(t.principal());
        if (principal.isEmpty()) {
          return rejected(
              Rejection.MISSING_IDENTITY,
              "The directory has no "
                  + t.principal()
                  + " for you, which "
                  + t.backend()
                  + " needs.");
        }
        steps.add(
            new GrantStep(
                t.backend(), t.target(), canonicalPrincipal.apply(t.backend(), principal.get())));
      }
      approvers =
          bg.flatMap(BreakGlassPolicy::onCall)
              .map(g -> new Approvers(Set.of(), Set.of(g), 1))
              .orElseGet(() -> owners.approvers(rp.id()));
      long possible =
          people.eligibleApprovers(approvers).stream()
              .filter(u -> !u.equals(c.requester()))
              .count();
      if (possible < (bg.isPresent() && bg.get().onCall().isEmpty() ? 0 : approvers.required())) {
        return rejected(
            Rejection.QUORUM_IMPOSSIBLE,
            rp.id()
                + " needs "
                + approvers.required()
                + " approvals but has only "
                + possible
                + " eligible approvers besides you.");
      }
    } catch (JitException e) {
      LOG.warn("submission by {} could not be verified", c.requester(), e);
      return rejected(
          Rejection.UNVERIFIABLE, "The directory could not be reached; please try again shortly.");
    }
    List<AccessRequest> open = store.findByRequester(c.requester(), Lifecycle.OPEN, PAGE);
    for (AccessRequest o : open) {
      // An emergency is not held up by one's own request still waiting for approvals.
      boolean blocks = bg.isEmpty() || o.status().mayHoldAccess();
      if (blocks && o.resource().equals(c.resource()) && o.role().equals(c.role())) {
        return new Checked(
            Optional.empty(),
            Optional.of(
                Outcome.rejected(
                    Rejection.ALREADY_OPEN,
                    Optional.of(o),
                    "You already have a request for "
                        + o.role()
                        + " on "
                        + o.resource()
                        + " ("
                        + o.status()
                        + ").")));
      }
    }
    return new Checked(
        Optional.of(new Valid(rp, justification, ticket, steps, approvers, bg)), Optional.empty());
  }

  private static Checked rejected(Rejection why, String message) {
    return new Checked(
        Optional.empty(), Optional.of(Outcome.rejected(why, Optional.empty(), message)));
  }
}
