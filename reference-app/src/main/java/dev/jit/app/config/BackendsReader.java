package dev.jit.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jit.app.runtime.BackendKinds;
import dev.jit.core.policy.InvalidFieldException;
import dev.jit.core.policy.StepTemplate;
import dev.jit.core.policy.StrictYaml;
import dev.jit.core.policy.UnknownFieldException;
import dev.jit.jdbc.DatabaseRoleBackendFactory;
import dev.jit.spi.BackendConfig;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.Ids;
import dev.jit.spi.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code settings.backends}: a list of named grant-backend instances, each {@code {name,
 * kind, ...}} where the other keys are the kind's own configuration record, deserialised strictly
 * (unknown keys, wrong types and coerced scalars refused) and then validated by the record itself.
 * Also reads the older {@code settings.databaseRoles} form as {@code database-role} instances.
 * Every failure names the file, the key and its line ({@link Keys}).
 */
final class BackendsReader {
  private static final Pattern NAME = StepTemplate.BACKEND;

  private final Keys keys;

  BackendsReader(Keys keys) {
    this.keys = keys;
  }

  List<BackendSpec<?>> read(JsonNode backends, JsonNode databaseRoles) {
    List<BackendSpec<?>> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Entry e : entries(backends, databaseRoles)) {
      BackendSpec<?> spec = spec(e);
      if (!names.add(spec.name())) {
        throw fail(e.at() + "." + e.nameKey(), "backend '" + spec.name() + "' is configured twice");
      }
      out.add(spec);
    }
    return List.copyOf(out);
  }

  /** One list item: where it is, the key its name is under, and the node without name or kind. */
  private record Entry(String at, String nameKey, String name, String kind, ObjectNode body) {}

  private List<Entry> entries(JsonNode backends, JsonNode databaseRoles) {
    List<Entry> out = new ArrayList<>();
    for (JsonNode item : list(backends, "settings.backends")) {
      String at = "settings.backends[" + out.size() + "]";
      ObjectNode body = mapping(item, at).deepCopy();
      String name = text(body.remove("name"), at + ".name");
      String kind = text(body.remove("kind"), at + ".kind");
      out.add(new Entry(at, "name", name, kind, body));
    }
    int i = 0;
    for (JsonNode item : list(databaseRoles, "settings.databaseRoles")) {
      String at = "settings.databaseRoles[" + i++ + "]";
      ObjectNode body = mapping(item, at).deepCopy();
      String name = text(body.remove("backend"), at + ".backend");
      out.add(new Entry(at, "backend", name, DatabaseRoleBackendFactory.KIND, body));
    }
    return out;
  }

  private BackendSpec<?> spec(Entry e) {
    if (!NAME.matcher(e.name()).matches()) {
      throw fail(
          e.at() + "." + e.nameKey(),
          "'"
              + Ids.printable(e.name())
              + "' is not a valid backend name (expected "
              + NAME.pattern()
              + ")");
    }
    GrantBackendFactory<?> factory =
        BackendKinds.of(e.kind())
            .orElseThrow(
                () ->
                    fail(
                        e.at() + ".kind",
                        "'"
                            + Ids.printable(e.kind())
                            + "' is not a backend kind this build has (it has "
                            + BackendKinds.names()
                            + ")"));
    return typed(e, factory);
  }

  private <C extends BackendConfig> BackendSpec<C> typed(Entry e, GrantBackendFactory<C> factory) {
    C config;
    try {
      config = StrictYaml.bind(e.body(), factory.configType());
    } catch (UnknownFieldException x) {
      Set<String> known = new TreeSet<>(x.known());
      known.add(e.nameKey());
      if (e.nameKey().equals("name")) {
        known.add("kind");
      }
      throw keys.unknown(
          InvalidFieldException.under(e.at(), x.field()),
          "of a " + factory.kind() + " backend",
          known);
    } catch (InvalidFieldException x) {
      throw fail(InvalidFieldException.under(e.at(), x.field()), x.problem());
    }
    List<Problem> problems = config.validate();
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.stream()
              .map(p -> fail(e.at() + "." + p.key(), p.message()).getMessage())
              .collect(Collectors.joining("; ")));
    }
    return new BackendSpec<>(e.name(), factory, config);
  }

  private List<JsonNode> list(JsonNode node, String at) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw fail(at, "expected a list of grant backends");
    }
    node.forEach(out::add);
    return out;
  }

  private ObjectNode mapping(JsonNode node, String at) {
    if (!(node instanceof ObjectNode o)) {
      throw fail(at, "expected a mapping");
    }
    return o;
  }

  private String text(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      throw fail(at, "is required");
    }
    if (!node.isTextual()) {
      throw fail(at, "expected a string");
    }
    return node.asText();
  }

  private ConfigException fail(String key, String problem) {
    return keys.fail(key, problem);
  }
}
