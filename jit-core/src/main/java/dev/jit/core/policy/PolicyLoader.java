package dev.jit.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.jit.core.Durations;
import dev.jit.spi.Approvers;
import dev.jit.spi.GroupId;
import dev.jit.spi.Ids;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads the policy catalog from YAML. Every problem fails the load with a {@link PolicyException}
 * naming the source, the resource and the field; nothing is defaulted that would weaken policy.
 *
 * <p>The format (see {@code docs/policy.md} for the full reference):
 *
 * <pre>{@code
 * admins: [U0ADMIN1]            # optional: may revoke anyone's access early
 * resources:                    # at least one
 *   prod-payments-db:
 *     description: Production payments database       # optional
 *     owners:                                         # at least one user or group
 *       users: [U0OWNER1, U0OWNER2, U0OWNER3]
 *       groups: [S0DBAS]
 *     requiredApprovals: 2          # required, >= 1; <= owner users when there are no groups
 *     approvalTimeout: 30m          # required, positive, <= 7d
 *     maxDuration: 4h               # required, positive, <= 7d
 *     durations: [15m, 1h, 4h]      # optional: the choices offered; each <= maxDuration
 *     group: Production             # optional: heading the request form lists it under
 *     approvalChannel: C0APPROVALS  # optional: where the approval message goes ("" = DM owners)
 *     requesters:                   # required: everyone: true, or users and/or groups
 *       everyone: true
 *     roles:                        # at least one; each with at least one step
 *       read-only:
 *         description: SELECT on the payments schema
 *         steps:
 *           - backend: postgres-role          # [a-z][a-z0-9-]{0,31}
 *             principal: db-user              # [a-z][a-z0-9-]{0,31}
 *             target: { role: payments_read } # keys [a-zA-Z][a-zA-Z0-9_-]{0,63}, non-blank values
 * }</pre>
 *
 * <p>Durations are written {@code 90s}, {@code 15m}, {@code 1h}, {@code 1h30m}, {@code 2d} or in
 * ISO-8601 ({@code PT30M}). Unknown fields, duplicate keys and repeated list entries are rejected,
 * so a typo cannot silently weaken the policy. Maps keep file order.
 */
public final class PolicyLoader {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  // `requesters:` with nothing after it is absent, not the string ""
                  .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                  // only true/false are booleans; `everyone: yes` is an error, not a guess
                  .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Pattern YAML_MARK = Pattern.compile("line (\\d+), column (\\d+)");
  private static final Pattern CHANNEL = Pattern.compile("#?[A-Za-z0-9._-]{1,80}");
  private static final String ROOT_SHAPE =
      "expected a mapping with 'resources' (and optionally 'admins')";

  private PolicyLoader() {}

  /** Reads and parses {@code file}; read errors become a {@link PolicyException} naming it. */
  public static Policy load(Path file) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException(source, null, "", "cannot read the policy file (" + e + ")", e);
    }
    return parse(yaml, source);
  }

  /**
   * Parses a policy document.
   *
   * @param yaml the document
   * @param source the name used in messages, usually the file name
   */
  public static Policy parse(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(source, "source");
    return new Reader(source).policy(readTree(yaml, source));
  }

  private static JsonNode readTree(String yaml, String source) {
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      JsonNode root = MAPPER.readTree(parser);
      if (root != null && !root.isMissingNode() && parser.nextToken() != null) {
        throw new PolicyException(
            source,
            null,
            "",
            "line " + parser.currentLocation().getLineNr() + ": only one YAML document is allowed");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new PolicyException(source, null, "", syntaxError(e), e);
    } catch (IOException e) {
      throw new PolicyException(source, null, "", "cannot read the policy (" + e + ")", e);
    }
  }

  /**
   * One line from a parser error. SnakeYAML's message spans lines (context, problem, each with a
   * "line, column" mark and a snippet of the file); keep the words and the last (problem) mark.
   */
  private static String syntaxError(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String where = "";
    Matcher mark = YAML_MARK.matcher(message);
    while (mark.find()) {
      where = "line " + mark.group(1) + ", column " + mark.group(2) + ": ";
    }
    if (where.isEmpty() && e.getLocation() != null) {
      JsonLocation at = e.getLocation();
      where = "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    }
    String problem =
        message
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith(" in '") && !l.startsWith("    "))
            .map(String::strip)
            .collect(Collectors.joining(": "));
    return where + "invalid YAML: " + Ids.printable(problem);
  }

  /** Walks the tree, tracking where it is so that every failure names resource and field. */
  private static final class Reader {
    private final String source;
    private String resource; // the resource being read, null outside any

    Reader(String source) {
      this.source = source;
    }

    Policy policy(JsonNode root) {
      if (absent(root)) {
        throw fail("", "the policy is empty: " + ROOT_SHAPE);
      }
      if (!root.isObject()) {
        throw fail("", "the top level is " + kind(root) + ": " + ROOT_SHAPE);
      }
      fields(root, "", Set.of("admins", "resources"));
      Set<UserId> admins = ids(root.get("admins"), "admins", UserId::new);
      JsonNode resourcesNode = required(root, "resources", "");
      Map<ResourceId, ResourcePolicy> resources = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : entries(resourcesNode, "resources")) {
        ResourceId id = id(e.getKey(), "resources." + e.getKey(), ResourceId::new);
        resource = id.value();
        resources.put(id, resource(id, e.getValue()));
        resource = null;
      }
      if (resources.isEmpty()) {
        throw fail("resources", "the policy needs at least one resource");
      }
      return new Policy(admins, resources);
    }

    private ResourcePolicy resource(ResourceId id, JsonNode node) {
      fields(
          mapping(node, ""),
          "",
          Set.of(
              "description",
              "group",
              "owners",
              "requiredApprovals",
              "approvalTimeout",
              "maxDuration",
              "durations",
              "approvalChannel",
              "requesters",
              "roles"));
      String description = optionalText(node.get("description"), "description");
      String group = optionalText(node.get("group"), "group");
      if (group.length() > 75) {
        throw fail("group", "must be at most 75 characters (it is a heading in the request form)");
      }

      JsonNode ownersNode = mapping(required(node, "owners", ""), "owners");
      fields(ownersNode, "owners", Set.of("users", "groups"));
      Set<UserId> ownerUsers = ids(ownersNode.get("users"), "owners.users", UserId::new);
      Set<GroupId> ownerGroups = ids(ownersNode.get("groups"), "owners.groups", GroupId::new);
      if (ownerUsers.isEmpty() && ownerGroups.isEmpty()) {
        throw fail("owners", "give at least one owner in 'users' or 'groups'");
      }
      int required = positiveInt(required(node, "requiredApprovals", ""), "requiredApprovals");
      if (ownerGroups.isEmpty() && required > ownerUsers.size()) {
        throw fail(
            "requiredApprovals",
            required
                + " approvals required but owners has only "
                + ownerUsers.size()
                + " user(s) and no groups");
      }

      Duration approvalTimeout =
          boundedDuration(
              required(node, "approvalTimeout", ""),
              "approvalTimeout",
              ResourcePolicy.MAX_DURATION,
              "the 7d cap");
      Duration maxDuration =
          boundedDuration(
              required(node, "maxDuration", ""),
              "maxDuration",
              ResourcePolicy.MAX_DURATION,
              "the 7d cap");
      List<Duration> durations = new ArrayList<>();
      Set<Duration> seen = new HashSet<>();
      JsonNode durationsNode = node.get("durations");
      List<JsonNode> durationItems =
          absent(durationsNode) ? List.of() : sequence(durationsNode, "durations");
      for (int i = 0; i < durationItems.size(); i++) {
        String path = "durations[" + i + "]";
        Duration d =
            boundedDuration(
                durationItems.get(i),
                path,
                maxDuration,
                "maxDuration " + Durations.format(maxDuration));
        if (!seen.add(d)) {
          throw fail(path, Durations.format(d) + " is listed twice");
        }
        durations.add(d);
      }

      String channel = optionalText(node.get("approvalChannel"), "approvalChannel");
      if (!channel.isEmpty() && !CHANNEL.matcher(channel).matches()) {
        throw fail(
            "approvalChannel",
            "'"
                + Ids.printable(channel)
                + "' is not a valid channel (expected "
                + CHANNEL.pattern()
                + ", or \"\" to message the owners directly)");
      }

      Requesters requesters = requesters(required(node, "requesters", ""));

      Map<RoleName, RolePolicy> roles = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : entries(required(node, "roles", ""), "roles")) {
        String path = "roles." + e.getKey();
        RoleName name = id(e.getKey(), path, RoleName::new);
        roles.put(name, role(name, e.getValue(), path));
      }
      if (roles.isEmpty()) {
        throw fail("roles", "the resource needs at least one role");
      }
      return new ResourcePolicy(
          id,
          description,
          group,
          new Approvers(ownerUsers, ownerGroups, required),
          requesters,
          approvalTimeout,
          maxDuration,
          durations,
          channel,
          roles);
    }

    private Requesters requesters(JsonNode node) {
      fields(mapping(node, "requesters"), "requesters", Set.of("everyone", "users", "groups"));
      JsonNode everyoneNode = node.get("everyone");
      boolean everyone = false;
      if (!absent(everyoneNode)) {
        if (!everyoneNode.isBoolean()) {
          throw fail("requesters.everyone", "expected true or false, got " + kind(everyoneNode));
        }
        everyone = everyoneNode.booleanValue();
      }
      Set<UserId> users = ids(node.get("users"), "requesters.users", UserId::new);
      Set<GroupId> groups = ids(node.get("groups"), "requesters.groups", GroupId::new);
      if (everyone && !(users.isEmpty() && groups.isEmpty())) {
        throw fail(
            "requesters",
            "'everyone: true' cannot be combined with 'users' or 'groups' (it would not restrict"
                + " them)");
      }
      if (!everyone && users.isEmpty() && groups.isEmpty()) {
        throw fail("requesters", "give 'everyone: true', or at least one of 'users' or 'groups'");
      }
      return new Requesters(everyone, users, groups);
    }

    private RolePolicy role(RoleName name, JsonNode node, String path) {
      fields(mapping(node, path), path, Set.of("description", "steps"));
      String description = optionalText(node.get("description"), path + ".description");
      List<JsonNode> items = sequence(required(node, "steps", path), path + ".steps");
      if (items.isEmpty()) {
        throw fail(path + ".steps", "the role needs at least one step");
      }
      List<StepTemplate> steps = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        steps.add(step(items.get(i), path + ".steps[" + i + "]"));
      }
      return new RolePolicy(name, description, steps);
    }

    private StepTemplate step(JsonNode node, String path) {
      fields(mapping(node, path), path, Set.of("backend", "principal", "target"));
      String backend =
          matching(
              required(node, "backend", path),
              path + ".backend",
              StepTemplate.BACKEND,
              "backend type");
      String principal =
          matching(
              required(node, "principal", path),
              path + ".principal",
              StepTemplate.PRINCIPAL,
              "principal kind");
      Map<String, String> target = new LinkedHashMap<>();
      JsonNode targetNode = node.get("target");
      if (!absent(targetNode)) {
        for (Map.Entry<String, JsonNode> e : entries(targetNode, path + ".target")) {
          String keyPath = path + ".target." + e.getKey();
          if (!StepTemplate.TARGET_KEY.matcher(e.getKey()).matches()) {
            throw fail(
                keyPath,
                "'"
                    + Ids.printable(e.getKey())
                    + "' is not a valid target key (expected "
                    + StepTemplate.TARGET_KEY.pattern()
                    + ")");
          }
          String value = text(e.getValue(), keyPath);
          if (value.isBlank()) {
            throw fail(keyPath, "must not be blank");
          }
          target.put(e.getKey(), value);
        }
      }
      return new StepTemplate(backend, target, principal);
    }

    // --- the path-tracking helpers ---

    private PolicyException fail(String path, String problem) {
      return new PolicyException(source, resource, path, problem);
    }

    private static boolean absent(JsonNode node) {
      return node == null || node.isMissingNode() || node.isNull();
    }

    private static String child(String path, String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    private JsonNode required(JsonNode mapping, String field, String path) {
      JsonNode value = mapping.get(field);
      if (absent(value)) {
        throw fail(child(path, field), "is required");
      }
      return value;
    }

    private JsonNode mapping(JsonNode node, String path) {
      if (absent(node) || !node.isObject()) {
        throw fail(path, "expected a mapping, got " + kind(node));
      }
      return node;
    }

    /** Rejects unknown fields: a typo must not silently drop a restriction. */
    private void fields(JsonNode mapping, String path, Set<String> allowed) {
      for (Map.Entry<String, JsonNode> field : mapping.properties()) {
        String name = field.getKey();
        if (!allowed.contains(name)) {
          throw fail(
              child(path, name),
              "unknown field (expected one of " + allowed.stream().sorted().toList() + ")");
        }
      }
    }

    private List<Map.Entry<String, JsonNode>> entries(JsonNode node, String path) {
      mapping(node, path);
      return List.copyOf(node.properties());
    }

    private List<JsonNode> sequence(JsonNode node, String path) {
      if (absent(node) || !node.isArray()) {
        throw fail(path, "expected a list, got " + kind(node));
      }
      List<JsonNode> out = new ArrayList<>();
      node.elements().forEachRemaining(out::add);
      return out;
    }

    private String text(JsonNode node, String path) {
      if (absent(node) || !node.isTextual()) {
        throw fail(path, "expected a string, got " + kind(node) + " (quote it if needed)");
      }
      return node.textValue();
    }

    private String optionalText(JsonNode node, String path) {
      return absent(node) ? "" : text(node, path);
    }

    private String matching(JsonNode node, String path, Pattern pattern, String what) {
      String value = text(node, path);
      if (!pattern.matcher(value).matches()) {
        throw fail(
            path,
            "'"
                + Ids.printable(value)
                + "' is not a valid "
                + what
                + " (expected "
                + pattern.pattern()
                + ")");
      }
      return value;
    }

    private <T> T id(String value, String path, Function<String, T> parse) {
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        throw fail(path, e.getMessage());
      }
    }

    /** An optional list of ids; absent means empty, a repeated entry is a mistake. */
    private <T> Set<T> ids(JsonNode node, String path, Function<String, T> parse) {
      Set<T> out = new LinkedHashSet<>();
      if (absent(node)) {
        return out;
      }
      List<JsonNode> items = sequence(node, path);
      for (int i = 0; i < items.size(); i++) {
        String itemPath = path + "[" + i + "]";
        T id = id(text(items.get(i), itemPath), itemPath, parse);
        if (!out.add(id)) {
          throw fail(itemPath, "'" + id + "' is listed twice");
        }
      }
      return out;
    }

    private int positiveInt(JsonNode node, String path) {
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        throw fail(path, "expected a whole number, got " + kind(node));
      }
      if (node.intValue() < 1) {
        throw fail(path, "must be at least 1, got " + node.intValue());
      }
      return node.intValue();
    }

    private Duration boundedDuration(JsonNode node, String path, Duration max, String maxName) {
      if (node.isNumber()) {
        throw fail(
            path,
            node.asText() + " has no unit (write e.g. " + node.asText() + "m or ISO-8601 PT30M)");
      }
      String value = text(node, path);
      Duration d = Durations.parse(value).orElse(null);
      if (d == null) {
        throw fail(
            path,
            "'"
                + Ids.printable(value)
                + "' is not a duration (expected e.g. 90s, 15m, 1h30m, 2d or ISO-8601 PT30M)");
      }
      if (d.isNegative() || d.isZero()) {
        throw fail(path, "'" + Ids.printable(value) + "' must be positive");
      }
      if (d.compareTo(max) > 0) {
        throw fail(path, Durations.format(d) + " is longer than " + maxName);
      }
      return d;
    }
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case OBJECT -> "a mapping";
      case ARRAY -> "a list";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
