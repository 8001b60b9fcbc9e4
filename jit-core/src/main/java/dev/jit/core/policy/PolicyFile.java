package dev.jit.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The policy file's shape, as written (see {@code docs/policy.md}): what {@link StrictYaml} binds
 * before {@link PolicyBinder} turns it into the validated {@link Policy}. Absent keys are {@code
 * null}; ids are still strings here. Resources stay trees so that each is bound knowing its name.
 */
record PolicyFile(List<String> admins, Map<String, JsonNode> resources) {

  record Resource(
      String description,
      String group,
      Owners owners,
      Integer requiredApprovals,
      Duration approvalTimeout,
      Duration maxDuration,
      List<Duration> durations,
      String approvalChannel,
      Requesters requesters,
      Map<String, Role> roles,
      Integer extensionApprovals) {}

  record Owners(List<String> users, List<String> groups) {}

  record Requesters(Boolean everyone, List<String> users, List<String> groups) {}

  record Role(String description, List<Step> steps, BreakGlass breakGlass) {}

  record BreakGlass(
      List<String> users,
      List<String> groups,
      Duration maxDuration,
      String announce,
      Duration reviewWithin,
      Duration escalateEvery,
      String onCall) {}

  record Step(String backend, String principal, Map<String, String> target) {}
}
