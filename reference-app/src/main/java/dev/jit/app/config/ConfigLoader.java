package dev.jit.app.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.core.policy.InvalidFieldException;
import dev.jit.core.policy.PolicyException;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.core.policy.StrictYaml;
import dev.jit.spi.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the configuration file: {@code settings:} (optional, every key has a default) and {@code
 * policy:} (the policy catalog, read by {@link PolicyLoader}). Strict like the policy, and read the
 * same way ({@link StrictYaml}): an unknown key, a duplicate key or a value of the wrong kind fails
 * the load with a message naming the file, the key and its line. The settings are bound over their
 * defaults into the {@link Settings} records, which hold the rules. The format is documented in
 * docs/configuration.md.
 */
public final class ConfigLoader {
  /** The defaults as a tree, for the file's keys to be laid over. */
  private static final ObjectNode DEFAULTS = defaults();

  private static final TypeReference<Map<String, Map<String, String>>> IDENTITIES =
      new TypeReference<>() {};

  private ConfigLoader() {}

  /** What a YAML file holds: a whole configuration, or a bare policy catalog. */
  public enum Kind {
    CONFIG,
    POLICY
  }

  /** The top level of a configuration file. */
  private record ConfigFile(JsonNode settings, JsonNode policy) {}

  /** Reads and parses {@code file}. */
  public static AppConfig load(Path file) {
    return parse(read(file), file.toString());
  }

  /**
   * Parses a configuration document.
   *
   * @throws ConfigException when a setting is wrong or the document is not a configuration
   * @throws PolicyException when the policy is wrong (the message names resource and field)
   */
  public static AppConfig parse(String yaml, String source) {
    JsonNode root = tree(yaml, source);
    if (kind(root) != Kind.CONFIG) {
      throw new ConfigException(
          source
              + ": expected a configuration with 'policy:' (and optionally 'settings:') at the"
              + " top level");
    }
    Keys keys = new Keys(source, yaml);
    ConfigFile file = keys.bind(root, "", ConfigFile.class);
    Settings settings = settings(file.settings(), keys);
    if (file.policy() == null || file.policy().isNull()) {
      throw new ConfigException(source + ": 'policy' is missing: the policy catalog is required");
    }
    return new AppConfig(
        source, settings, PolicyLoader.parseSection(yaml, "policy", source + ": policy"));
  }

  /** Whether {@code file} holds a whole configuration or a bare policy catalog. */
  public static Kind kind(Path file) {
    return kind(tree(read(file), file.toString()));
  }

  /** Reads a file; unreadable files are a {@link ConfigException} naming it. */
  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          file + ": cannot read the file (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static Kind kind(JsonNode root) {
    return root != null && root.isObject() && (root.has("policy") || root.has("settings"))
        ? Kind.CONFIG
        : Kind.POLICY;
  }

  private static JsonNode tree(String yaml, String source) {
    try {
      return StrictYaml.readTree(yaml);
    } catch (InvalidFieldException e) {
      throw new ConfigException(source + ": " + e.problem(), e.getCause());
    }
  }

  /**
   * The section bound over the defaults. The backends (each entry's keys depend on its kind) and
   * the identities (their keys are user ids) are read apart, then put in.
   */
  private static Settings settings(JsonNode node, Keys keys) {
    if (node == null || node.isNull()) {
      return Settings.defaults();
    }
    if (!node.isObject()) {
      throw keys.fail("settings", "expected a mapping, got " + StrictYaml.kind(node));
    }
    ObjectNode rest = (ObjectNode) node.deepCopy();
    JsonNode backends = rest.remove("backends");
    JsonNode databaseRoles = rest.remove("databaseRoles");
    JsonNode identities = rest.remove("identities");
    Settings bound =
        keys.bind(overlay(DEFAULTS, rest), "settings", Settings.class, "databaseRoles");
    try {
      return bound.with(
          new BackendsReader(keys).read(backends, databaseRoles), identities(identities, keys));
    } catch (InvalidFieldException e) {
      throw keys.fail(InvalidFieldException.under("settings", e.field()), e.problem());
    }
  }

  /** {@code identities: { U0ALICE: { db-user: alice } }}: identities Slack does not know. */
  private static Map<UserId, Map<String, String>> identities(JsonNode node, Keys keys) {
    Map<UserId, Map<String, String>> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    keys.bind(node, "settings.identities", IDENTITIES)
        .forEach(
            (user, kinds) -> {
              String key = "settings.identities." + user;
              if (kinds == null) {
                throw keys.fail(key, "expected a mapping, got nothing");
              }
              out.put(keys.userId(user, key), kinds);
            });
    return out;
  }

  /**
   * {@code over} laid over a copy of {@code base}, mappings merged key by key; nulls are absent.
   */
  private static ObjectNode overlay(ObjectNode base, ObjectNode over) {
    ObjectNode out = base.deepCopy();
    over.properties()
        .forEach(
            e -> {
              JsonNode was = out.get(e.getKey());
              JsonNode value = e.getValue();
              if (value.isNull()) {
                return;
              }
              out.set(
                  e.getKey(),
                  was instanceof ObjectNode b && value instanceof ObjectNode o
                      ? overlay(b, o)
                      : value);
            });
    return out;
  }

  private static ObjectNode defaults() {
    return (ObjectNode) StrictYaml.tree(Settings.defaults());
  }
}
