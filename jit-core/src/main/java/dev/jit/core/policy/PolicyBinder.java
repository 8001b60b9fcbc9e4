package dev.jit.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.spi.Approvers;
import dev.jit.spi.GroupId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns the bound {@link PolicyFile} into a {@link Policy}, naming resource and field on failure.
 * It checks only what belongs to the file's form (a key that must be written, a list entry written
 * twice, an id's spelling); every rule about the values lives in the records' compact constructors,
 * whose {@link InvalidFieldException}s it places under the path of the record being built.
 */
final class PolicyBinder {
  private final String source;
  private final String prefix; // where the policy is in the text, "" for a policy file
  private final Function<String, Optional<String>> locate;
  private String resource; // the resource being read, null outside any

  PolicyBinder(String source, String prefix, Function<String, Optional<String>> locate) {
    this.source = source;
    this.prefix = prefix;
    this.locate = locate;
  }

  Policy policy(JsonNode root) {
    PolicyFile file = bind(root, PolicyFile.class);
    Set<UserId> admins = ids(file.admins(), "admins", UserId::new);
    Map<ResourceId, ResourcePolicy> resources = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : required(file.resources(), "resources").entrySet()) {
      ResourceId id = id(e.getKey(), "resources." + e.getKey(), ResourceId::new);
      resource = id.value();
      resources.put(id, resource(id, e.getValue()));
      resource = null;
    }
    return build("", () -> new Policy(admins, resources));
  }

  private ResourcePolicy resource(ResourceId id, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw fail("", "expected a mapping, got " + StrictYaml.kind(node));
    }
    PolicyFile.Resource r = bind(node, PolicyFile.Resource.class);
    PolicyFile.Owners owners = required(r.owners(), "owners");
    Set<UserId> users = ids(owners.users(), "owners.users", UserId::new);
    Set<GroupId> groups = ids(owners.groups(), "owners.groups", GroupId::new);
    // Approvers holds both rules; with one approval only the owners can be at fault
    build("owners", () -> new Approvers(users, groups, 1));
    int required = required(r.requiredApprovals(), "requiredApprovals");
    Approvers approvers = build("requiredApprovals", () -> new Approvers(users, groups, required));
    Requesters requesters = requesters(required(r.requesters(), "requesters"));
    Map<RoleName, RolePolicy> roles = new LinkedHashMap<>();
    for (Map.Entry<String, PolicyFile.Role> e : required(r.roles(), "roles").entrySet()) {
      String path = "roles." + e.getKey();
      RoleName name = id(e.getKey(), path, RoleName::new);
      if (e.getValue() == null) {
        throw fail(path, "expected a mapping, got nothing");
      }
      roles.put(name, role(name, e.getValue(), path));
    }
    Duration approvalTimeout = required(r.approvalTimeout(), "approvalTimeout");
    Duration maxDuration = required(r.maxDuration(), "maxDuration");
    List<Duration> durations = entries(r.durations(), "durations");
    if (r.extensionApprovals() != null && r.extensionApprovals() < 1) {
      throw fail("extensionApprovals", "must be at least 1 (leave it out to allow no extensions)");
    }
    int extensionApprovals = r.extensionApprovals() == null ? 0 : r.extensionApprovals();
    return build(
        "",
        () ->
            new ResourcePolicy(
                id,
                orEmpty(r.description()),
                orEmpty(r.group()),
                approvers,
                requesters,
                approvalTimeout,
                maxDuration,
                durations,
                orEmpty(r.approvalChannel()),
                roles,
                extensionApprovals));
  }

  private Requesters requesters(PolicyFile.Requesters r) {
    Set<UserId> users = ids(r.users(), "requesters.users", UserId::new);
    Set<GroupId> groups = ids(r.groups(), "requesters.groups", GroupId::new);
    boolean everyone = Boolean.TRUE.equals(r.everyone());
    return build("requesters", () -> new Requesters(everyone, users, groups));
  }

  private RolePolicy role(RoleName name, PolicyFile.Role role, String path) {
    List<PolicyFile.Step> items = entries(required(role.steps(), path + ".steps"), path + ".steps");
    List<StepTemplate> steps = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String at = path + ".steps[" + i + "]";
      PolicyFile.Step s = items.get(i);
      String backend = required(s.backend(), at + ".backend");
      String principal = required(s.principal(), at + ".principal");
      Map<String, String> target = s.target() == null ? Map.of() : s.target();
      steps.add(build(at, () -> new StepTemplate(backend, target, principal)));
    }
    Optional<BreakGlassPolicy> breakGlass =
        role.breakGlass() == null
            ? Optional.empty()
            : Optional.of(breakGlass(role.breakGlass(), path + ".breakGlass"));
    return build(path, () -> new RolePolicy(name, orEmpty(role.description()), steps, breakGlass));
  }

  private BreakGlassPolicy breakGlass(PolicyFile.BreakGlass b, String path) {
    Set<UserId> users = ids(b.users(), path + ".users", UserId::new);
    Set<GroupId> groups = ids(b.groups(), path + ".groups", GroupId::new);
    Duration max = required(b.maxDuration(), path + ".maxDuration");
    String announce = required(b.announce(), path + ".announce");
    Duration reviewWithin = required(b.reviewWithin(), path + ".reviewWithin");
    Duration every = b.escalateEvery() == null ? reviewWithin : b.escalateEvery();
    Optional<GroupId> onCall =
        b.onCall() == null
            ? Optional.empty()
            : Optional.of(id(b.onCall(), path + ".onCall", GroupId::new));
    return build(
        path,
        () -> new BreakGlassPolicy(users, groups, max, announce, reviewWithin, every, onCall));
  }

  // --- the path-tracking helpers ---

  private <T> T bind(JsonNode node, Class<T> type) {
    try {
      return StrictYaml.bind(node, type);
    } catch (InvalidFieldException e) {
      throw fail(e.field(), e.problem());
    }
  }

  /** Builds a record, placing its rule violations under {@code path}. */
  private <T> T build(String path, Supplier<T> record) {
    try {
      return record.get();
    } catch (InvalidFieldException e) {
      throw fail(InvalidFieldException.under(path, e.field()), e.problem());
    } catch (IllegalArgumentException e) {
      throw fail(path, e.getMessage());
    }
  }

  private PolicyException fail(String field, String problem) {
    String inText =
        resource == null ? field : InvalidFieldException.under("resources." + resource, field);
    String where =
        locate
            .apply(InvalidFieldException.under(prefix, inText))
            .map(l -> " (" + l + ")")
            .orElse("");
    return new PolicyException(source, resource, field, problem + where);
  }

  private <T> T required(T value, String path) {
    if (value == null) {
      throw fail(path, "is required");
    }
    return value;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** An optional list without empty entries; absent means empty. */
  private <T> List<T> entries(List<T> list, String path) {
    if (list == null) {
      return List.of();
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw fail(path + "[" + i + "]", "expected a value, got nothing");
      }
    }
    return list;
  }

  private <T> T id(String value, String path, Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw fail(path, e.getMessage());
    }
  }

  /** An optional list of ids; absent means empty, a repeated entry is a mistake. */
  private <T> Set<T> ids(List<String> values, String path, Function<String, T> parse) {
    Set<T> out = new LinkedHashSet<>();
    List<String> items = entries(values, path);
    for (int i = 0; i < items.size(); i++) {
      String itemPath = path + "[" + i + "]";
      T id = id(items.get(i), itemPath, parse);
      if (!out.add(id)) {
        throw fail(itemPath, "'" + id + "' is listed twice");
      }
    }
    return out;
  }
}
