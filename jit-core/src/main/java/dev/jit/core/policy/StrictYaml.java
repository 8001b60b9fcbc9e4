package dev.jit.core.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.jit.core.Durations;
import dev.jit.spi.Ids;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How jit reads its YAML files, the policy and the reference app's configuration alike, so that
 * both mean the same: duplicate keys and a second document are errors, only {@code true}/{@code
 * false} are booleans ({@code yes} is the string "yes"), a key with nothing after it is absent, and
 * binding into records is strict: an unknown key, a value of the wrong type or a scalar that would
 * need coercing (a number where a string belongs, a string where a number belongs, {@code 1.5}
 * where a whole number belongs) fails. Durations are read with {@link Durations}.
 *
 * <p>Every failure is an {@link InvalidFieldException} whose field is the path to the offending
 * value ({@code resources.db.roles.read.steps[0].backend}); {@link #locate} finds that path's line
 * and column in the text.
 */
public final class StrictYaml {
  private static final YAMLMapper MAPPER = mapper();
  private static final Pattern YAML_MARK = Pattern.compile("line (\\d+), column (\\d+)");

  private StrictYaml() {}

  /**
   * The one document in {@code yaml}; {@code null} when it is empty.
   *
   * @throws InvalidFieldException (with an empty field) for invalid YAML, a duplicate key or a
   *     second document; the problem starts with the line
   */
  public static JsonNode readTree(String yaml) {
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      JsonNode root = MAPPER.readTree(parser);
      if (root != null && !root.isMissingNode() && parser.nextToken() != null) {
        throw new InvalidFieldException(
            "",
            "line " + parser.currentLocation().getLineNr() + ": only one YAML document is allowed");
      }
      return root == null || root.isMissingNode() || root.isNull() ? null : root;
    } catch (JsonProcessingException e) {
      throw withCause(new InvalidFieldException("", syntaxError(e)), e);
    } catch (IOException e) {
      throw withCause(new InvalidFieldException("", "cannot be read (" + e + ")"), e);
    }
  }

  /** {@code node} bound strictly to {@code type}; failures name the path inside {@code node}. */
  public static <T> T bind(JsonNode node, Class<T> type) {
    return bind(node, MAPPER.constructType(type));
  }

  /** {@code node} bound strictly to a generic {@code type}, such as a map of lists. */
  public static <T> T bind(JsonNode node, TypeReference<T> type) {
    return bind(node, MAPPER.constructType(type));
  }

  private static <T> T bind(JsonNode node, JavaType type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      List<String> known = new ArrayList<>();
      e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      known.sort(null);
      throw new UnknownFieldException(path(e), known); // the path ends with the unknown key
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof InvalidFieldException f) {
        throw new InvalidFieldException(
            InvalidFieldException.under(path(e), f.field()), f.problem());
      }
      throw new InvalidFieldException(path(e), Ids.printable(String.valueOf(cause.getMessage())));
    } catch (MismatchedInputException e) {
      throw new InvalidFieldException(path(e), mismatch(e));
    } catch (JsonMappingException e) {
      throw new InvalidFieldException(path(e), firstLine(e));
    } catch (JsonProcessingException e) {
      throw withCause(new InvalidFieldException("", firstLine(e)), e);
    }
  }

  /** {@code value} as a tree, durations in their human form: for defaults to overlay. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * Where the value (or key) at {@code path} is written in {@code yaml}, as {@code line L, column
   * C}; empty when the path is not in the text (it names something absent) or is empty.
   */
  public static Optional<String> locate(String yaml, String path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        JsonStreamContext at = parser.getParsingContext();
        if (path.equals(render(t.isStructStart() ? at.getParent() : at))) {
          JsonLocation l = parser.currentTokenLocation();
          return Optional.of("line " + l.getLineNr() + ", column " + l.getColumnNr());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The path of a parsing context, in the form {@link #bind} names fields. */
  private static String render(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) {
        parts.add(0, c.getCurrentName() == null ? "" : c.getCurrentName());
      } else if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      }
    }
    String out = "";
    for (String part : parts) {
      out = InvalidFieldException.under(out, part);
    }
    return out;
  }

  private static String path(JsonMappingException e) {
    String out = "";
    for (JsonMappingException.Reference r : e.getPath()) {
      out =
          InvalidFieldException.under(
              out,
              r.getFieldName() != null
                  ? Ids.printable(r.getFieldName())
                  : "[" + Math.max(0, r.getIndex()) + "]");
    }
    return out;
  }

  /** "expected a list, got a string": what the field wants and what the file has. */
  private static String mismatch(MismatchedInputException e) {
    Class<?> type = e.getTargetType() == null ? Object.class : e.getTargetType();
    if (type == Duration.class && e.getOriginalMessage() != null) {
      return firstLine(e); // the duration reader's own words
    }
    String expected;
    if (type == String.class) {
      expected = "a string";
    } else if (type == Integer.class || type == int.class || type == Long.class) {
      expected = "a whole number";
    } else if (type == Boolean.class || type == boolean.class) {
      expected = "true or false";
    } else if (Collection.class.isAssignableFrom(type)) {
      expected = "a list";
    } else if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      expected = "a mapping";
    } else {
      return firstLine(e);
    }
    String got =
        e.getProcessor() instanceof JsonParser p ? kind(p.currentToken()) : "something else";
    return "expected "
        + expected
        + ", got "
        + got
        + (type == String.class && !got.equals("a mapping") && !got.equals("a list")
            ? " (quote it if needed)"
            : "");
  }

  /** What a token is, in words. */
  public static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "a mapping";
      case START_ARRAY, END_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "nothing";
      default -> "something else";
    };
  }

  /** What a node is, in words. */
  public static String kind(JsonNode node) {
    return node == null || node.isMissingNode() ? "nothing" : kind(node.asToken());
  }

  private static String firstLine(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    return Ids.printable(m.lines().findFirst().orElse(""));
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

  private static InvalidFieldException withCause(InvalidFieldException e, Throwable cause) {
    e.initCause(cause);
    return e;
  }

  private static YAMLMapper mapper() {
    SimpleModule durations = new SimpleModule("jit-durations");
    durations.addDeserializer(Duration.class, new DurationReader());
    durations.addSerializer(Duration.class, new DurationWriter());
    YAMLMapper mapper =
        YAMLMapper.builder(
                YAMLFactory.builder()
                    // `requesters:` with nothing after it is absent, not the string ""
                    .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                    // only true/false are booleans; `everyone: yes` is an error, not a guess
                    .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
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

  /** Durations as {@link Durations} writes them; a bare number has no unit and is refused. */
  private static final class DurationReader extends StdDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    DurationReader() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        String n = p.getText();
        return (Duration)
            ctx.reportInputMismatch(
                Duration.class, "%s has no unit (write e.g. %sm or ISO-8601 PT30M)", n, n);
      }
      if (t != JsonToken.VALUE_STRING) {
        return (Duration)
            ctx.reportInputMismatch(
                Duration.class, "expected a duration (e.g. 30s or 15m), got %s", kind(t));
      }
      String text = p.getText();
      Optional<Duration> d = Durations.parse(text);
      if (d.isEmpty()) {
        return (Duration)
            ctx.reportInputMismatch(
                Duration.class,
                "'%s' is not a duration (expected e.g. 200ms, 90s, 15m, 1h30m, 2d or ISO-8601"
                    + " PT30M)",
                Ids.printable(text));
      }
      return d.get();
    }
  }

  private static final class DurationWriter extends StdSerializer<Duration> {
    private static final long serialVersionUID = 1L;

    DurationWriter() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration d, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(Durations.format(d));
    }
  }
}
