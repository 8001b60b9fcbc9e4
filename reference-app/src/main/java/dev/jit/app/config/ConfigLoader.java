package dev.jit.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.jit.app.config.Settings.DatabaseSettings;
import dev.jit.app.config.Settings.SchedulerSettings;
import dev.jit.core.Durations;
import dev.jit.core.EngineSettings;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyException;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.spi.Ids;
import dev.jit.spi.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the configuration file: {@code settings:} (optional, every key has a default) and {@code
 * policy:} (the policy catalog, read by {@link PolicyLoader}). Strict like the policy: an unknown
 * key, a duplicate key or a value of the wrong kind fails the load with a message naming the file
 * and the key. The format is documented in docs/configuration.md.
 */
public final class ConfigLoader {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  // the same reading as PolicyLoader, so the policy subtree means the same here
                  .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                  .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Pattern BACKEND_TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private ConfigLoader() {}

  /** What a YAML file holds: a whole configuration, or a bare policy catalog. */
  public enum Kind {
    CONFIG,
    POLICY
  }

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
    fields(root, source, "", Set.of("settings", "policy"));
    Settings settings = settings(root.get("settings"), source);
    JsonNode policyNode = root.get("policy");
    if (policyNode == null || policyNode.isNull()) {
      throw new ConfigException(source + ": 'policy' is missing: the policy catalog is required");
    }
    return new AppConfig(source, settings, policy(policyNode, source));
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
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      JsonNode root = MAPPER.readTree(parser);
      if (root != null && !root.isMissingNode() && parser.nextToken() != null) {
        throw new ConfigException(source + ": only one YAML document is allowed");
      }
      return root;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : "line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ": ";
      String first =
          e.getOriginalMessage() == null
              ? ""
              : e.getOriginalMessage().lines().findFirst().orElse("");
      throw new ConfigException(source + ": " + where + "invalid YAML: " + Ids.printable(first), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * The policy subtree, handed to {@link PolicyLoader} as YAML text: the loader takes whole
   * documents, and writing the subtree back keeps its one strict reading of the catalog.
   */
  private static Policy policy(JsonNode policyNode, String source) {
    String text;
    try {
      text = MAPPER.writeValueAsString(policyNode);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": cannot read 'policy'", e);
    }
    return PolicyLoader.parse(text, source + ": policy");
  }

  private static Settings settings(JsonNode node, String source) {
    Settings d = Settings.defaults();
    if (node == null || node.isNull()) {
      return d;
    }
    Reader r = new Reader(source);
    r.mapping(node, "settings");
    r.fields(
        node,
        "settings",
        Set.of(
            "engine",
            "sweepInterval",
            "reconcileInterval",
            "metricsRefreshInterval",
            "database",
            "scheduler",
            "backends",
            "databaseRoles",
            "identities"));
    return new Settings(
        engine(node.get("engine"), r),
        r.duration(node, "settings", "sweepInterval", d.sweepInterval()),
        r.duration(node, "settings", "reconcileInterval", d.reconcileInterval()),
        r.duration(node, "settings", "metricsRefreshInterval", d.metricsRefreshInterval()),
        database(node.get("database"), r),
        scheduler(node.get("scheduler"), r),
        new BackendsReader(source).read(node.get("backends"), node.get("databaseRoles")),
        identities(node.get("identities"), r));
  }

  /** {@code identities: { U0ALICE: { db-user: alice } }}: identities Slack does not know. */
  private static Map<UserId, Map<String, String>> identities(JsonNode node, Reader r) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    r.mapping(node, "settings.identities");
    Map<UserId, Map<String, String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> user : iterable(node.fields())) {
      String at = "settings.identities." + user.getKey();
      UserId id;
      try {
        id = new UserId(user.getKey());
      } catch (IllegalArgumentException e) {
        throw r.fail(at, e.getMessage());
      }
      r.mapping(user.getValue(), at);
      Map<String, String> kinds = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> kind : iterable(user.getValue().fields())) {
        if (!BACKEND_TYPE.matcher(kind.getKey()).matches()) {
          throw r.fail(
              at + "." + kind.getKey(),
              "'"
                  + Ids.printable(kind.getKey())
                  + "' is not a valid identity kind (expected [a-z][a-z0-9-]{0,31})");
        }
        if (!kind.getValue().isTextual() || kind.getValue().asText().isBlank()) {
          throw r.fail(at + "." + kind.getKey(), "expected a non-empty string");
        }
        kinds.put(kind.getKey(), kind.getValue().asText());
      }
      out.put(id, kinds);
    }
    return out;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }

  private static EngineSettings engine(JsonNode node, Reader r) {
    EngineSettings d = EngineSettings.defaults();
    if (node == null || node.isNull()) {
      return d;
    }
    String at = "settings.engine";
    r.mapping(node, at);
    r.fields(
        node,
        at,
        Set.of(
            "grantLease",
            "backendAttempts",
            "backendBackoff",
            "retryBackoff",
            "retryBackoffMax",
            "escalateAfter",
            "nudgeAfter",
            "expiryWarning",
            "justificationMin",
            "justificationMax",
            "pendingChecks",
            "pollBackoff"));
    try {
      return new EngineSettings(
          r.duration(node, at, "grantLease", d.grantLease()),
          r.integer(node, at, "backendAttempts", d.backendAttempts()),
          r.duration(node, at, "backendBackoff", d.backendBackoff()),
          r.duration(node, at, "retryBackoff", d.retryBackoff()),
          r.duration(node, at, "retryBackoffMax", d.retryBackoffMax()),
          r.integer(node, at, "escalateAfter", d.escalateAfter()),
          r.duration(node, at, "nudgeAfter", d.nudgeAfter()),
          r.duration(node, at, "expiryWarning", d.expiryWarning()),
          r.integer(node, at, "justificationMin", d.justificationMin()),
          r.integer(node, at, "justificationMax", d.justificationMax()),
          r.integer(node, at, "pendingChecks", d.pendingChecks()),
          r.duration(node, at, "pollBackoff", d.pollBackoff()));
    } catch (IllegalArgumentException e) {
      throw r.fail(at, e.getMessage());
    }
  }

  private static DatabaseSettings database(JsonNode node, Reader r) {
    DatabaseSettings d = DatabaseSettings.defaults();
    if (node == null || node.isNull()) {
      return d;
    }
    String at = "settings.database";
    r.mapping(node, at);
    r.fields(node, at, Set.of("maximumPoolSize", "connectionTimeout"));
    int size = r.integer(node, at, "maximumPoolSize", d.maximumPoolSize());
    if (size < 2) {
      throw r.fail(at + ".maximumPoolSize", "must be at least 2");
    }
    return new DatabaseSettings(
        size, r.duration(node, at, "connectionTimeout", d.connectionTimeout()));
  }

  private static SchedulerSettings scheduler(JsonNode node, Reader r) {
    SchedulerSettings d = SchedulerSettings.defaults();
    if (node == null || node.isNull()) {
      return d;
    }
    String at = "settings.scheduler";
    r.mapping(node, at);
    r.fields(node, at, Set.of("pollingInterval", "threads", "retryDelay"));
    int threads = r.integer(node, at, "threads", d.threads());
    if (threads < 1) {
      throw r.fail(at + ".threads", "must be at least 1");
    }
    return new SchedulerSettings(
        r.duration(node, at, "pollingInterval", d.pollingInterval()),
        threads,
        r.duration(node, at, "retryDelay", d.retryDelay()));
  }

  private static void fields(JsonNode node, String source, String at, Set<String> known) {
    new Reader(source).fields(node, at, known);
  }

  /** Typed reads that name the key on failure. */
  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    ConfigException fail(String key, String problem) {
      return new ConfigException(source + ": '" + key + "': " + problem);
    }

    void mapping(JsonNode node, String at) {
      if (node == null || !node.isObject()) {
        throw fail(at, "expected a mapping");
      }
    }

    void fields(JsonNode node, String at, Set<String> known) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        String key = it.next().getKey();
        if (!known.contains(key)) {
          String where = at.isEmpty() ? "" : at + ".";
          throw new ConfigException(
              source
                  + ": unknown key '"
                  + where
                  + Ids.printable(key)
                  + "' (known keys"
                  + (at.isEmpty() ? "" : " of '" + at + "'")
                  + ": "
                  + String.join(", ", new TreeSet<>(known))
                  + ")");
        }
      }
    }

    Duration duration(JsonNode node, String at, String key, Duration fallback) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return fallback;
      }
      Duration d = v.isTextual() ? Durations.parse(v.asText()).orElse(null) : null;
      if (d == null) {
        throw fail(
            at + "." + key,
            "'"
                + Ids.printable(v.asText())
                + "' is not a duration (write 200ms, 30s, 15m, 1h, 1d or ISO-8601 like PT30S)");
      }
      if (d.isZero() || d.isNegative()) {
        throw fail(at + "." + key, "must be positive");
      }
      return d;
    }

    int integer(JsonNode node, String at, String key, int fallback) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return fallback;
      }
      if (!v.isInt()) {
        throw fail(
            at + "." + key, "expected a whole number, got '" + Ids.printable(v.asText()) + "'");
      }
      return v.intValue();
    }

    boolean bool(JsonNode node, String at, String key, boolean fallback) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return fallback;
      }
      if (!v.isBoolean()) {
        throw fail(at + "." + key, "expected true or false");
      }
      return v.booleanValue();
    }

    String text(JsonNode node, String at, String key, String fallback) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        if (fallback == null) {
          throw fail(at + "." + key, "is required");
        }
        return fallback;
      }
      if (!v.isTextual()) {
        throw fail(at + "." + key, "expected a string");
      }
      return v.asText();
    }
  }
}
