package dev.jit.core;

import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.core.policy.StepTemplate;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks every grant step of a policy against the backends that will run it: the backend exists,
 * and its {@link StepRules} accept the step's target and principal kind. The engine's builder,
 * {@code jit policy validate} and {@code serve} all use this, so a misconfigured step is named at
 * load (resource, role, step number, key) instead of failing in front of a requester.
 */
public final class PolicySteps {
  private PolicySteps() {}

  /**
   * Every problem, one sentence each, in policy order; empty when every step can run.
   *
   * @param backends the rules of each backend by the name steps use
   */
  public static List<String> problems(Policy policy, Map<String, StepRules> backends) {
    List<String> out = new ArrayList<>();
    for (ResourcePolicy rp : policy.resources().values()) {
      for (RolePolicy role : rp.roles().values()) {
        List<StepTemplate> steps = role.steps();
        for (int i = 0; i < steps.size(); i++) {
          StepTemplate step = steps.get(i);
          String where =
              "resource '"
                  + rp.id().value()
                  + "', role '"
                  + role.name().value()
                  + "', step "
                  + (i + 1)
                  + " (backend '"
                  + step.backend()
                  + "')";
          StepRules rules = backends.get(step.backend());
          if (rules == null) {
            out.add(
                where
                    + ": backend '"
                    + step.backend()
                    + "' is not registered (registered: "
                    + new TreeSet<>(backends.keySet())
                    + ")");
            continue;
          }
          for (Problem p : rules.check(step.target(), step.principal())) {
            out.add(where + ": " + p);
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
