package dev.jit.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.jit.app.runtime.BackendKinds;
import dev.jit.core.Durations;
import dev.jit.jdbc.DatabaseRoleBackendFactory;
import dev.jit.spi.BackendConfig;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.Ids;
import dev.jit.spi.Problem;
import java.io.IOException;
import java.time.Duration;
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
 * Every failure names the file and the key.
 */
final class BackendsReader {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final JsonMapper STRICT = strictMapper();

  private final String source;

  BackendsReader(String source) {
    this.source = source;
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
              + "' is not a valid backend name (expected [a-z][a-z0-9-]{0,31})");
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
      config = STRICT.treeToValue(e.body(), factory.configType());
    } catch (UnrecognizedPropertyException x) {
      Set<String> known = new TreeSet<>();
      x.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      known.add(e.nameKey());
      if (e.nameKey().equals("name")) {
        known.add("kind");
      }
      throw new ConfigException(
          source
              + ": unknown key '"
              + e.at()
              + "."
              + Ids.printable(x.getPropertyName())
              + "' (known keys of a "
              + factory.kind()
              + " backend: "
              + String.join(", ", known)
              + ")");
    } catch (ValueInstantiationException x) {
      Throwable cause = x.getCause() == null ? x : x.getCause();
      throw fail(e.at(), Ids.printable(String.valueOf(cause.getMessage())));
    } catch (JsonMappingException x) {
      throw fail(e.at() + path(x), expectation(x));
    } catch (IOException x) {
      throw fail(e.at(), "cannot be read (" + x.getClass().getSimpleName() + ")");
    }
    List<Problem> problems = config.validate();
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.stream()
              .map(p -> source + ": '" + e.at() + "." + p.key() + "': " + p.message())
              .collect(Collectors.joining("; ")));
    }
    return new BackendSpec<>(e.name(), factory, config);
  }

  private static String path(JsonMappingException x) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : x.getPath()) {
      out.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
    }
    return out.toString();
  }

  private static String expectation(JsonMappingException x) {
    Class<?> type =
        x instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m
                && m.getTargetType() != null
            ? m.getTargetType()
            : Object.class;
    if (type == String.class) {
      return "expected a string";
    } else if (type == Integer.class || type == int.class || type == Long.class) {
      return "expected a whole number";
    } else if (type == Boolean.class || type == boolean.class) {
      return "expected true or false";
    } else if (type == Duration.class) {
      return "expected a duration (200ms, 30s, 15m, 1h, 1d or ISO-8601 like PT30S)";
    } else if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
      return "expected a list";
    }
    String first = String.valueOf(x.getOriginalMessage()).lines().findFirst().orElse("");
    return "cannot be read: " + Ids.printable(first);
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
    return new ConfigException(source + ": '" + key + "': " + problem);
  }

  private static JsonMapper strictMapper() {
    SimpleModule durations = new SimpleModule("jit-durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(durations)
            .build();
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Collection)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  /** Durations as the rest of the file writes them. */
  private static final class DurationDeserializer extends StdDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (!p.currentToken().isScalarValue() || !p.currentToken().name().contains("STRING")) {
        return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
      }
      Duration d = Durations.parse(p.getText()).orElse(null);
      if (d == null || d.isNegative()) {
        return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getText(), "not a duration");
      }
      return d;
    }
  }
}
